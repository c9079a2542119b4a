// One error type for everything a user can cause or fix. The CLI prints `message` and `hint` on two
// lines and exits with `exitCode`; anything that is not an IbiError is a bug and gets a stack trace.

export const ExitCode = {
  ok: 0,
  /** a check failed (sign-in, permission, a certificate about to expire when asked to fail on it) */
  checkFailed: 1,
  /** bad input, usage or configuration */
  usage: 2,
  /** a network or TLS failure */
  network: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class IbiError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  /** Machine-readable reason, e.g. "invalid_tenant_id", "wrong_passphrase". */
  readonly code: string;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IbiError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }
}

export function isIbiError(e: unknown): e is IbiError {
  return e instanceof Error && (e as { name?: string }).name === "IbiError" && typeof (e as IbiError).exitCode === "number";
}
