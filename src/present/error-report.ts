// How an error reads to an admin: one line naming what is wrong, then a hint. The same words from the CLI and the
// dashboard; anything that is not an IbiError is a bug, and says so. Core's next steps (typed actions) are worded
// by each front end (src/cli/next-steps.ts, src/tui/state/next-steps.ts) through composeHint.
import { ExitCode, isIbiError, type ExitCodeValue, type NextStep } from "../core/errors.js";
import { printable } from "../core/validate.js";

export interface ErrorReport {
  message: string;
  hint?: string;
  /** the structured steps behind the hint, for a front end that offers them as actions */
  next?: readonly NextStep[];
  exitCode: ExitCodeValue;
  /** true for a bug in ibi-entra (not an IbiError): the CLI adds the stack trace */
  bug: boolean;
}

/** One next step in a front end's words. */
export interface StepWords {
  /** appended to the hint after `joiner`, e.g. "ibi-entra cert generate" or "press g to Generate" */
  text: string;
  /** e.g. " with: " before a command, ": " before a key */
  joiner: string;
  /** the step leading a sentence when it has a `then`, e.g. "Run ibi-entra register again" */
  lead: string;
}

export type StepRenderer = (step: NextStep) => StepWords;

/**
 * The hint in a front end's words: core's neutral hint followed by its steps ("generate one first" + " with: " +
 * "ibi-entra cert generate"), or, when a step comes with `before`/`then`, the sentence it is the verb of ("Run
 * ibi-entra register again and enter the code within 15 minutes."). Without steps the hint is core's as it is.
 */
export function composeHint(hint: string | null | undefined, next: readonly NextStep[] | undefined, render: StepRenderer): string | undefined {
  if (!next || next.length === 0) return hint ?? undefined;
  const led = next.find((s) => s.before !== undefined || s.then !== undefined);
  if (led) {
    const lead = render(led).lead;
    const verb = led.before ? `${led.before} ${lead.charAt(0).toLowerCase()}${lead.slice(1)}` : lead;
    return `${verb}${led.then ? ` ${led.then.replace(/[.]$/, "")}` : ""}.`;
  }
  const words = next.map(render);
  const texts = words.map((w) => w.text).join(", or ");
  if (!hint) return texts;
  const period = hint.endsWith(".");
  return `${period ? hint.slice(0, -1) : hint}${words[0]!.joiner}${texts}${period ? "." : ""}`;
}

export function errorReport(e: unknown, render?: StepRenderer): ErrorReport {
  if (isIbiError(e)) {
    const hint = render ? composeHint(e.hint, e.next, render) : e.hint;
    return { message: printable(e.message, 500), hint: hint ? printable(hint, 500) : undefined, ...(e.next ? { next: e.next } : {}), exitCode: e.exitCode, bug: false };
  }
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
