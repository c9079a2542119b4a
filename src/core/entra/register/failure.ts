// How registration fails: a step-level error carrying what the admin needs (code, one-line message, hint, exit
// code), plus the directory roles recognised in a delegated token's `wids` to say which role is missing.
import { describeTransportError, type Diagnosis } from "../diagnose.js";
import { ExitCode, type ExitCodeValue, type NextStep } from "../../errors.js";
import type { RegisterFailure } from "./types.js";

export class RegisterStepError extends Error {
  readonly failure: Omit<RegisterFailure, "step">;
  constructor(failure: Omit<RegisterFailure, "step">) {
    super(failure.message);
    this.name = "RegisterStepError";
    this.failure = failure;
  }
}

export function stepError(
  code: string,
  message: string,
  hint: string | null,
  exitCode: ExitCodeValue = ExitCode.checkFailed,
  status: number | null = null,
  next?: readonly NextStep[],
): RegisterStepError {
  return new RegisterStepError({ code, message, hint, exitCode, status, ...(next && next.length > 0 ? { next } : {}) });
}

export function cancelled(): RegisterStepError {
  return stepError("cancelled", "cancelled (Ctrl+C)", "Start the registration again to continue: steps already done are kept and not repeated.", ExitCode.usage, null, [
    { action: "register", then: "to continue: steps already done are kept and not repeated" },
  ]);
}

/** A failure worded by the shared diagnosis table (src/core/entra/diagnose.ts) as a step error. */
export function diagnosisError(d: Diagnosis, status: number | null = null): RegisterStepError {
  return stepError(d.code, d.message, d.hint, d.exitCode, status, d.next);
}

/** A transport failure (DNS, refused, TLS, timeout) as a step error with exit code 3, or null when it is none. */
export function transportStepError(err: unknown, url: string, timeoutMs: number): RegisterStepError | null {
  const d = describeTransportError(err, url, timeoutMs);
  return d ? diagnosisError(d) : null;
}

/** Built-in directory role template ids (as Entra puts them into `wids`) → the names the portal shows. */
const ROLE_TEMPLATES: Readonly<Record<string, string>> = {
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
  "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
  "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
  "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
  "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
};

/** Names of the administrative roles in a token's `wids` (the plain "User" template and unknown ids are left out). */
export function directoryRoleNames(wids: unknown): string[] {
  if (!Array.isArray(wids)) return [];
  return [...new Set(wids.filter((w): w is string => typeof w === "string").map((w) => ROLE_TEMPLATES[w.toLowerCase()]).filter((n): n is string => n !== undefined))];
}
