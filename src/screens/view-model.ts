// Pure helpers behind the dashboard screens: focus order, the form's dirty state, rows of the certificate list
// and of the permission table, key help. No React here, so each rule is tested on its own.
import { join } from "node:path";
import type { CheckResult } from "../core/check/types.js";
import type { CertificateView, Settings } from "../core/profile.js";
import { CLOUDS, validateApplicationId, validateTenantId, type Cloud } from "../core/validate.js";
import type { Message } from "../components/MessageLine.js";
import type { RegisterResult, RegisterStep } from "../core/register/types.js";
import { clean } from "./terminal.js";

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

/** The saved settings with the form's fields replaced; empty fields are "not set" (the guide allows blanks). */
export function settingsFromForm(saved: Settings, form: FormValues): Settings {
  const next: Settings = { ...saved, cloud: form.cloud };
  const tenantId = form.tenantId.trim();
  const applicationId = form.applicationId.trim();
  if (tenantId) next.tenantId = tenantId;
  else delete next.tenantId;
  if (applicationId) next.applicationId = applicationId;
  else delete next.applicationId;
  return next;
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

// ---------- certificates ----------

export const EXPIRY_WARNING_DAYS = 30;

export interface CertificateRow {
  active: boolean;
  subject: string;
  thumbprint: string;
  expires: string;
  /** "729 days", "12 days" or "expired"; `warning` says whether to mark it */
  daysLeft: string;
  warning: "none" | "soon" | "expired";
}

export function certificateRow(c: CertificateView, thumbprintWidth = 40): CertificateRow {
  const tp = c.thumbprintSha1;
  return {
    active: c.active,
    subject: clean(c.subject, 200),
    thumbprint: tp.length > thumbprintWidth ? `${tp.slice(0, thumbprintWidth - 1)}…` : tp,
    expires: c.notAfter.slice(0, 10),
    daysLeft: c.daysLeft < 0 ? "expired" : `${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"}`,
    warning: c.daysLeft < 0 ? "expired" : c.daysLeft < EXPIRY_WARNING_DAYS ? "soon" : "none",
  };
}

/** Where "Export (Public Key Only)..." suggests saving: the profile folder, named like the guide's tool does. */
export function defaultExportPath(profileDir: string, c: Pick<CertificateView, "thumbprintSha1">, ext: "cer" | "pfx"): string {
  return join(profileDir, `IBI-helpMe-${c.thumbprintSha1.slice(0, 8)}.${ext}`);
}

// ---------- permission table ----------

export type RowState = "ok" | "covered" | "missing" | "failed" | "unchecked";

export interface PermissionRow {
  name: string;
  state: RowState;
  /** what the row says after the name */
  text: string;
  /** how to fix it (missing/failed rows only) */
  fix?: string;
  note?: string;
}

export function permissionRows(r: CheckResult): PermissionRow[] {
  return r.permissions.map((p) => {
    const name = clean(p.name, 80);
    const note = p.probe?.note ? clean(p.probe.note, 300) : undefined;
    const hint = p.hint ? clean(p.hint, 400) : undefined;
    if (p.ok && p.coveredBy)
      return { name, state: "covered", text: `covered by ${clean(p.coveredBy, 80)} (more than IBI-aws needs)`, note };
    if (p.ok) return { name, state: "ok", text: "granted", note };
    if (!r.authentication.ok) return { name, state: "unchecked", text: "not checked (sign-in failed)" };
    if (!p.granted && !p.coveredBy) return { name, state: "missing", text: "missing", fix: hint ?? "add it and grant admin consent", note };
    const probe = p.probe?.status ? ` (HTTP ${p.probe.status}${p.probe.code ? ` ${clean(p.probe.code, 60)}` : ""})` : "";
    return { name, state: "failed", text: `granted, but the probe failed${probe}`, fix: hint, note };
  });
}

export interface AuthRow {
  ok: boolean;
  text: string;
  code?: string;
  hint?: string;
}

export function authRow(r: CheckResult): AuthRow {
  const a = r.authentication;
  return {
    ok: a.ok,
    text: clean(a.message, 400),
    code: !a.ok && a.code ? clean(a.code, 60) : undefined,
    hint: !a.ok && a.hint ? clean(a.hint, 400) : undefined,
  };
}

/** The consent URL is worth showing when sign-in works but a permission does not. */
export function needsConsent(r: CheckResult): boolean {
  return r.authentication.ok && r.permissions.some((p) => !p.ok);
}

/** Rows the full (wrapped) permission table needs at `width` columns, to decide whether it fits. */
export function resultRows(r: CheckResult, width: number): number {
  const rows = (text: string) => Math.max(1, Math.ceil(text.length / Math.max(20, width)));
  const a = authRow(r);
  let n = rows(`✓ ${"Authentication".padEnd(21)}${a.text}${a.code ? ` [${a.code}]` : ""}`);
  if (a.hint) n += rows(`    fix: ${a.hint}`);
  for (const p of permissionRows(r)) {
    n += rows(`✓ ${p.name.padEnd(21)}${p.text}`);
    if (p.fix) n += rows(`    fix: ${p.fix}`);
    if (p.note) n += rows(`    note: ${p.note}`);
  }
  for (const w of r.warnings) n += rows(`⚠ ${clean(w, 300)}`);
  if (needsConsent(r)) n += rows(`  Admin consent (y copies): ${r.consentUrl}`);
  return n;
}

// ---------- keys ----------

export interface KeyHelp {
  key: string;
  label: string;
}

export const GLOBAL_KEYS: readonly KeyHelp[] = [
  { key: "Tab", label: "next control" },
  { key: "Shift+Tab", label: "previous control" },
  { key: "↑/↓", label: "certificate list" },
  { key: "←/→", label: "change the cloud" },
  { key: "Enter", label: "act / next field" },
  { key: "Esc", label: "close, cancel, leave field" },
  { key: "g", label: "Generate" },
  { key: "e", label: "Export (Public Key Only)..." },
  { key: "x", label: "Export PFX (with key)" },
  { key: "i", label: "Import PFX or PEM" },
  { key: "d", label: "Delete certificate" },
  { key: "a", label: "activate certificate" },
  { key: "t", label: "Test connection" },
  { key: "r", label: "re-check every 5 s on/off" },
  { key: "v", label: "check details in full" },
  { key: "y", label: "copy consent URL (OSC 52)" },
  { key: "R", label: "Register in Azure..." },
  { key: "s", label: "Save" },
  { key: "q", label: "quit (asks if unsaved)" },
  { key: "?", label: "this help" },
  { key: "Ctrl+C", label: "quit" },
];

export const DEMO_KEYS: readonly KeyHelp[] = [
  { key: "u", label: "upload the certificate" },
  { key: "c", label: "grant the missing consent" },
];

/** The few keys that make sense where the focus is, for the status line. */
export function keysFor(focus: FocusId, opts: { hasCertificate: boolean; demo: boolean }): KeyHelp[] {
  const keys: KeyHelp[] = [{ key: "Tab", label: "next" }];
  switch (focus) {
    case "tenantId":
    case "applicationId":
      keys.push({ key: "Enter", label: "next field" }, { key: "Esc", label: "leave field" });
      return keys;
    case "cloud":
      keys.push({ key: "←/→", label: "cloud" });
      break;
    case "certificates":
      keys.push({ key: "↑/↓", label: "select" }, { key: "a", label: "activate" });
      break;
    default:
      keys.push({ key: "Enter", label: "run" });
  }
  // help and quit first: the line is cut at the terminal's edge
  keys.push({ key: "?", label: "help" }, { key: "q", label: "quit" });
  if (opts.demo) keys.push({ key: "u", label: "upload" }, { key: "c", label: "consent" });
  keys.push({ key: "g", label: "Generate" });
  if (opts.hasCertificate) keys.push({ key: "e", label: "Export" });
  keys.push({ key: "t", label: "Test" }, { key: "s", label: "Save" });
  return keys;
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
  } else if (active.daysLeft < 0) {
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

/** One step as the register flow shows it: a mark, the title, and what was done (network text cleaned). */
export function registerStepLine(s: RegisterStep, sym: { ok: string; bad: string; skipped: string }): { mark: string; text: string; tone: "ok" | "bad" | "muted" } {
  const mark = s.status === "failed" ? sym.bad : s.status === "skipped" || s.status === "pending" ? sym.skipped : s.status === "running" ? "…" : sym.ok;
  const tone = s.status === "failed" ? "bad" : s.status === "running" || s.status === "pending" || s.status === "skipped" ? "muted" : "ok";
  const status = s.status === "running" || s.status === "done" ? "" : ` (${s.status})`;
  return { mark, text: `${clean(s.title, 120)}${status}${s.detail ? `: ${clean(s.detail, 400)}` : ""}`, tone };
}

/** The outcome of a registration, for the message line and the flow's last page. */
export function registerOutcome(r: RegisterResult): Message {
  if (r.error) {
    const step = r.steps.find((s) => s.id === r.error!.step);
    if (r.error.code === "cancelled") return { kind: "warn", text: "Register in Azure was cancelled", hint: r.changed ? "what was done so far is kept; run it again to finish" : undefined };
    return {
      kind: "error",
      text: `Register in Azure stopped at "${clean(step?.title ?? r.error.step, 120)}": ${clean(r.error.message, 500)}`,
      hint: r.error.hint ? clean(r.error.hint, 600) : undefined,
    };
  }
  const name = r.displayName ? `"${clean(r.displayName, 120)}"` : "the app";
  const ids = `Tenant ID ${clean(r.tenantId ?? "?", 80)}, Application ID ${clean(r.applicationId ?? "?", 80)}`;
  const text = r.changed ? `Registered ${name}: ${ids} (saved)` : `No changes: ${name} was already registered with this certificate, the permissions and admin consent (${ids})`;
  if (r.check && !r.check.ok) return { kind: "warn", text, hint: "the connection test did not pass yet: see Test connection (v for details)" };
  return { kind: "ok", text };
}

/** "14:59" left until `expiresAt`. */
export function timeLeft(expiresAt: Date, now: number): string {
  const left = Math.max(0, Math.round((expiresAt.getTime() - now) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
}
