// The check result as rows, one per permission, with the fix: the same words in `check` and in the dashboard.
import type { CheckResult } from "../core/entra/types.js";
import { clean } from "./text.js";

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
