// Pure helpers behind the dashboard screens: focus order, the form's dirty state, what Register needs (keys: keymap.ts).
// No React here, so each rule is tested on its own.
import { applySettingChanges, type SettingChanges } from "../../core/actions/settings.js";
import { expiryState } from "../../core/crypto/expiry.js";
import type { CertificateView, Settings } from "../../core/store/profile.js";
import { CLOUDS, validateApplicationId, validateTenantId, type Cloud } from "../../core/validate.js";
import type { Message } from "../../present/message.js";

// ---------- focus ----------

export type FocusId =
  | "tenantId"
  | "applicationId"
  | "cloud"
  | "register"
  | "certificates"
  | "generate"
  | "exportPublic"
  | "exportPfx"
  | "import"
  | "delete"
  | "activate"
  | "testConnection"
  | "recheck"
  | "save";

export const FOCUS_ORDER: readonly FocusId[] = [
  "register", // next to the pane's title, above Tenant ID
  "tenantId",
  "applicationId",
  "cloud",
  "certificates",
  "generate",
  "exportPublic",
  "exportPfx",
  "import",
  "delete",
  "activate",
  "testConnection",
  "recheck",
  "save",
];

export const TEXT_FIELDS: ReadonlySet<FocusId> = new Set(["tenantId", "applicationId"]);

/** Controls that act on the selected certificate are skipped while there is none. */
export function focusable(hasCertificate: boolean): FocusId[] {
  const needsCert: FocusId[] = ["certificates", "exportPublic", "exportPfx", "delete", "activate"];
  return FOCUS_ORDER.filter((id) => hasCertificate || !needsCert.includes(id));
}

export function moveFocus(order: readonly FocusId[], current: FocusId, delta: 1 | -1): FocusId {
  const i = order.indexOf(current);
  if (i < 0) return order[0]!;
  return order[(i + delta + order.length) % order.length]!;
}

// ---------- the form (what "Save" writes) ----------

export interface FormValues {
  tenantId: string;
  applicationId: string;
  cloud: Cloud;
}

export function formFromSettings(s: Settings): FormValues {
  return { tenantId: s.tenantId ?? "", applicationId: s.applicationId ?? "", cloud: s.cloud };
}

/** The form as changes for the Save action: empty fields are "not set" (the guide allows blanks). */
export function formChanges(form: FormValues): SettingChanges {
  return { tenantId: form.tenantId.trim(), applicationId: form.applicationId.trim(), cloud: form.cloud };
}

/** The saved settings with the form's fields replaced (what Save writes). */
export function settingsFromForm(saved: Settings, form: FormValues): Settings {
  return applySettingChanges(saved, formChanges(form));
}

export function isDirty(saved: Settings, form: FormValues): boolean {
  const a = formFromSettings(saved);
  return (
    a.tenantId.trim() !== form.tenantId.trim() ||
    a.applicationId.trim().toLowerCase() !== form.applicationId.trim().toLowerCase() ||
    a.cloud !== form.cloud
  );
}

/** Inline validation while typing: nothing for an empty field (it may be left blank until the app is registered). */
export function fieldError(field: "tenantId" | "applicationId", value: string): string | undefined {
  if (value.trim() === "") return undefined;
  const r = field === "tenantId" ? validateTenantId(value) : validateApplicationId(value);
  return r === true ? undefined : r;
}

export function formErrors(form: FormValues): { tenantId?: string; applicationId?: string } {
  return { tenantId: fieldError("tenantId", form.tenantId), applicationId: fieldError("applicationId", form.applicationId) };
}

export function nextCloud(current: Cloud, delta: 1 | -1): Cloud {
  const i = CLOUDS.indexOf(current);
  return CLOUDS[(i + delta + CLOUDS.length) % CLOUDS.length]!;
}

// ---------- Register in Azure... ----------

/** Why "Register in Azure..." cannot start yet (it uploads the active certificate to the saved tenant), or undefined. */
export function registerBlocker(state: { certificates: readonly CertificateView[]; saved: Settings; dirty: boolean; loadError?: Message }): Message | undefined {
  if (state.loadError) return { kind: "error", text: "cannot register: the saved settings could not be read", hint: state.loadError.hint ?? state.loadError.text };
  const missing: string[] = [];
  const hints: string[] = [];
  const active = state.certificates.find((c) => c.active);
  if (!active) {
    missing.push("an active certificate");
    hints.push(state.certificates.length ? "activate a certificate (a)" : "press g to Generate a certificate (or i to Import one)");
  } else if (expiryState(active.daysLeft) === "expired") {
    missing.push("an active certificate that has not expired");
    hints.push("Generate a new certificate (g) and activate it (a)");
  }
  if (!state.saved.tenantId) {
    missing.push("a saved Tenant ID");
    hints.push("enter the Directory (tenant) ID or a domain such as contoso.onmicrosoft.com in Tenant ID and Save (s)");
  }
  if (missing.length) return { kind: "error", text: `Register in Azure needs ${missing.join(" and ")}`, hint: hints.join("; ") };
  if (state.dirty)
    return { kind: "error", text: "Register in Azure uses the saved settings, and your changes are not saved yet", hint: "Save (s) first, or undo the changes" };
  return undefined;
}

