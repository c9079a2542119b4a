// Human rendering of a check result: one row per permission with ✓/✗ and the fix, in the dashboard's words
// (src/present/permission-rows.ts builds the rows for both).
import type { CheckResult } from "../core/entra/check.js";
import { authRow, needsConsent, permissionRows } from "../present/permission-rows.js";
import { clean } from "../present/text.js";

export function formatCheckReport(r: CheckResult, opts: { ascii?: boolean } = {}): string {
  const yes = opts.ascii ? "[ok]" : "✓";
  const no = opts.ascii ? "[!!]" : "✗";
  const lines: string[] = [];
  lines.push(`Tenant ID ${r.tenantId} · Application ID ${r.applicationId} · ${r.cloud} (${r.authorityHost}, ${r.graphHost})`);
  lines.push(`Certificate ${r.certificate.thumbprintSha1}, ${r.certificate.daysLeft} days left`);
  const a = authRow(r);
  lines.push(`${a.ok ? yes : no} Authentication: ${a.text}${a.code ? ` [${a.code}]` : ""}`);
  if (a.hint) lines.push(`    fix: ${a.hint}`);
  for (const p of permissionRows(r)) {
    const ok = p.state === "ok" || p.state === "covered";
    lines.push(`${ok ? yes : no} ${p.name.padEnd(20)} ${p.text}`);
    if (p.note) lines.push(`    note: ${p.note}`);
    if (p.fix) lines.push(`    fix: ${p.fix}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${clean(w, 2000)}`);
  if (!r.ok && needsConsent(r)) lines.push(`Admin consent: ${r.consentUrl}`);
  lines.push(r.ok ? `${yes} All required permissions work (${r.durationMs} ms).` : `${no} Not ready (${r.durationMs} ms).`);
  return lines.join("\n");
}
