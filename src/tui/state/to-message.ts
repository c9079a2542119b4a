// Any thrown value as the dashboard's message line: core's errors with their next steps worded as keys; anything
// else is a bug and says so.
import { isIbiError } from "../../core/errors.js";
import type { Message } from "../../present/message.js";
import { clean } from "../../present/text.js";
import { dashboardHint } from "./next-steps.js";

export function toMessage(e: unknown): Message {
  if (isIbiError(e)) {
    const hint = dashboardHint(e.hint, e.next);
    return { kind: "error", text: clean(e.message, 500), hint: hint ? clean(hint, 500) : undefined };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { kind: "error", text: `internal error: ${clean(text, 300)}`, hint: "this is a bug in ibi-entra; please report it" };
}
