// How an error reads to an admin: one line naming what is wrong, then a hint. The same words from the CLI and the
// dashboard; anything that is not an IbiError is a bug, and says so.
import { ExitCode, isIbiError, type ExitCodeValue } from "../core/errors.js";
import { printable } from "../core/validate.js";

export interface ErrorReport {
  message: string;
  hint?: string;
  exitCode: ExitCodeValue;
  /** true for a bug in ibi-entra (not an IbiError): the CLI adds the stack trace */
  bug: boolean;
}

export function errorReport(e: unknown): ErrorReport {
  if (isIbiError(e)) return { message: printable(e.message, 500), hint: e.hint ? printable(e.hint, 500) : undefined, exitCode: e.exitCode, bug: false };
  return {
    message: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    hint: "this is a bug in ibi-entra; please report it with the command you ran",
    exitCode: ExitCode.checkFailed,
    bug: true,
  };
}

/** The report as stderr lines ("ibi-entra: …" and "  hint: …"). */
export function errorLines(r: ErrorReport): string {
  return `ibi-entra: ${r.message}\n${r.hint ? `  hint: ${r.hint}\n` : ""}`;
}
