// Data goes to stdout, diagnostics to stderr (CLI for Microsoft 365 convention).
import { errorLines, errorReport } from "../present/error-report.js";
import { cliStep } from "./next-steps.js";
import type { CertificateView } from "../core/store/profile.js";
import { certificateRow, daysLeftCell, storeName } from "../present/certificate-rows.js";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function warn(line: string): void {
  process.stderr.write(`warning: ${line}\n`);
}

/** Prints an error as one line plus a hint; a stack trace only for bugs (not an IbiError). Returns the exit code. */
export function reportError(e: unknown): number {
  const r = errorReport(e, cliStep);
  process.stderr.write(errorLines(r));
  return r.exitCode;
}

export function certificateJson(c: CertificateView) {
  return {
    thumbprintSha1: c.thumbprintSha1,
    thumbprintSha256: c.thumbprintSha256,
    subject: c.subject,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    daysLeft: c.daysLeft,
    keySize: c.keySize,
    active: c.active,
    store: storeName(c.store),
    serialNumber: c.serialNumber,
  };
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** Marks in the "DAYS LEFT" column: the dashboard's symbols, ASCII on a dumb terminal. */
export function cliSymbols(ascii = process.env.TERM === "dumb"): { warn: string; bad: string } {
  return ascii ? { warn: "!", bad: "x" } : { warn: "⚠", bad: "✗" };
}

/** `cert list`'s table, from the dashboard's row model (src/present/certificate-rows.ts). */
export function certificateRows(list: CertificateView[], sym = cliSymbols()): string {
  if (list.length === 0) return "No certificates yet. Generate one with: ibi-entra cert generate";
  return formatTable(
    ["ACTIVE", "THUMBPRINT (SHA-1)", "SUBJECT", "EXPIRES", "DAYS LEFT", "KEY", "STORE"],
    list.map((c) => {
      const row = certificateRow(c);
      return [row.active ? "*" : "", row.thumbprint, row.subject, row.expires, daysLeftCell(row, sym), row.key, row.store];
    }),
  );
}
