// Human rendering of a check result: one row per permission with ✓/✗ and the fix.
import type { CheckResult } from "../core/entra/check.js";
import { printable } from "../core/validate.js";

export function formatCheckReport(r: CheckResult, opts: { ascii?: boolean } = {}): string {
  const yes = opts.ascii ? "[ok]" : "✓";
  const no = opts.ascii ? "[!!]" : "✗";
  const lines: string[] = [];
  lines.push(`Tenant ID ${r.tenantId} · Application ID ${r.applicationId} · ${r.cloud} (${r.authorityHost}, ${r.graphHost})`);
  lines.push(`Certificate ${r.certificate.thumbprintSha1}, ${r.certificate.daysLeft} days left`);
  const a = r.authentication;
  lines.push(`${a.ok ? yes : no} Authentication: ${printable(a.message, 2000)}${a.code && !a.ok ? ` [${a.code}]` : ""}`);
  if (!a.ok && a.hint) lines.push(`    fix: ${printable(a.hint, 2000)}`);
  for (const p of r.permissions) {
    let state: string;
    if (p.ok) state = p.coveredBy ? `works (covered by ${p.coveredBy}, more than IBI-aws needs)` : "granted";
    else if (!a.ok) state = "not checked (sign-in failed)";
    else if (!p.granted && !p.coveredBy) state = "missing";
    else state = `granted, but the probe failed${p.probe?.status ? ` (HTTP ${p.probe.status}${p.probe.code ? ` ${p.probe.code}` : ""})` : ""}`;
    lines.push(`${p.ok ? yes : no} ${p.name.padEnd(20)} ${state}`);
    if (p.probe?.note) lines.push(`    note: ${printable(p.probe.note, 2000)}`);
    if (!p.ok && p.hint && a.ok) lines.push(`    fix: ${printable(p.hint, 2000)}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${printable(w, 2000)}`);
  if (!r.ok && a.ok && r.permissions.some((p) => !p.ok)) lines.push(`Admin consent: ${r.consentUrl}`);
  lines.push(r.ok ? `${yes} All required permissions work (${r.durationMs} ms).` : `${no} Not ready (${r.durationMs} ms).`);
  return lines.join("\n");
}
