// "Register in Azure...": each step, the outcome and the device code's countdown, as the admin reads them.
import type { RegisterResult, RegisterStep } from "../core/entra/register/types.js";
import { composeHint, type StepRenderer } from "./error-report.js";
import type { Message } from "./message.js";
import { clean } from "./text.js";

/** One step as the register flow shows it: a mark, the title, and what was done (network text cleaned). */
export function registerStepLine(s: RegisterStep, sym: { ok: string; bad: string; skipped: string }): { mark: string; text: string; tone: "ok" | "bad" | "muted" } {
  const mark = s.status === "failed" ? sym.bad : s.status === "skipped" || s.status === "pending" ? sym.skipped : s.status === "running" ? "…" : sym.ok;
  const tone = s.status === "failed" ? "bad" : s.status === "running" || s.status === "pending" || s.status === "skipped" ? "muted" : "ok";
  const status = s.status === "running" || s.status === "done" ? "" : ` (${s.status})`;
  return { mark, text: `${clean(s.title, 120)}${status}${s.detail ? `: ${clean(s.detail, 400)}` : ""}`, tone };
}

/** The outcome of a registration, for the message line and the flow's last page. */
export function registerOutcome(r: RegisterResult, render?: StepRenderer): Message {
  if (r.error) {
    const step = r.steps.find((s) => s.id === r.error!.step);
    if (r.error.code === "cancelled") return { kind: "warn", text: "Register in Azure was cancelled", hint: r.changed ? "what was done so far is kept; run it again to finish" : undefined };
    return {
      kind: "error",
      text: `Register in Azure stopped at "${clean(step?.title ?? r.error.step, 120)}": ${clean(r.error.message, 500)}`,
      hint: ((h) => (h ? clean(h, 600) : undefined))(render ? composeHint(r.error.hint, r.error.next, render) : r.error.hint),
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
