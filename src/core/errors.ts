// One error type for everything a user can cause or fix. The CLI prints `message` and `hint` on two
// lines and exits with `exitCode`; anything that is not an IbiError is a bug and gets a stack trace.
//
// Core speaks no front end: a hint says what to do in words, and `next` lists the steps as typed actions that
// each front end renders its own way (src/cli/next-steps.ts as commands and flags, src/tui/state/next-steps.ts as
// keys of the dashboard).

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

/** Every code core throws. Front ends add their own (src/cli/errors.ts, src/tui/state/errors.ts). */
export type CoreErrorCode =
  // certificates and keys
  | "ambiguous_certificate"
  | "certificate_active"
  | "certificate_last"
  | "certificate_expired"
  | "damaged_pfx"
  | "duplicate_certificate"
  | "empty_pfx_password"
  | "invalid_days"
  | "invalid_key_size"
  | "invalid_subject"
  | "invalid_thumbprint"
  | "key_mismatch"
  | "key_password_required"
  | "key_too_small"
  | "key_unreadable"
  | "no_certificate"
  | "no_private_key"
  | "not_a_certificate"
  | "private_key_missing"
  | "unknown_certificate"
  | "unsupported_certificate"
  | "unsupported_key_type"
  | "unsupported_pfx"
  | "wrong_key_password"
  | "wrong_pfx_password"
  // profile, settings and the encrypted configuration
  | "config_corrupt"
  | "config_newer"
  | "config_incomplete"
  | "config_invalid"
  | "config_locked"
  | "config_no_recipients"
  | "config_not_for_certificate"
  | "home_not_writable"
  // files the actions read and write (import, export)
  | "der_needs_file"
  | "empty_secret"
  | "file_exists"
  | "file_too_large"
  | "format_mismatch"
  | "is_directory"
  | "not_a_regular_file"
  | "unreadable_file"
  | "invalid_profile"
  | "invalid_setting"
  | "profile_locked"
  | "profile_missing"
  | "read_failed"
  | "write_failed"
  // secret stores
  | "empty_passphrase"
  | "invalid_keychain_namespace"
  | "invalid_secret_name"
  | "invalid_secret_store"
  | "keychain_unavailable"
  | "passphrase_file_unreadable"
  | "vault_corrupt"
  | "vault_locked"
  | "weak_passphrase"
  | "wrong_passphrase"
  // register's input
  | "invalid_application_id"
  | "invalid_client_id"
  | "invalid_name"
  | "invalid_tenant_id"
  | "tenant_required";

/** The profile's settings, by their field names. */
export type SettingField = "tenantId" | "applicationId" | "cloud" | "authorityHost" | "graphHost" | "encryption";

/** Inputs of one action (CLI options, dashboard dialog fields) that are not saved settings. */
export type InputField = "profile" | "keySize" | "subject" | "days" | "name" | "tenantId" | "applicationId" | "clientId";

/**
 * A step that fixes the failure, as a typed action with its parameters. With `before` and/or `then` the step is
 * the verb of a sentence ("<before> <step> <then>.", e.g. "Sign in as such an admin and" + step + "(it continues
 * where this run stopped)"): a front end then writes that sentence instead of appending the step to the hint.
 */
export type NextStep = (
  | { action: "generateCertificate" }
  | { action: "importCertificate" }
  | { action: "listCertificates" }
  | { action: "activateCertificate" }
  /** confirm replacing or deleting what is there */
  | { action: "overwrite" }
  | { action: "setField"; field: SettingField; example?: string }
  | { action: "setInput"; field: InputField; example?: string }
  | { action: "unlockVault" }
  | { action: "setEnv"; name: string; value?: string }
  | { action: "grantConsent"; url: string }
  /** start the registration again (it continues where it stopped) */
  | { action: "register" }
) & { before?: string; then?: string };

export type NextStepAction = NextStep["action"];

export class IbiError<C extends string = CoreErrorCode> extends Error {
  readonly exitCode: ExitCodeValue;
  /** what to do, in words that fit any front end */
  readonly hint: string | undefined;
  /** the same advice as steps a front end can name its own way (a command, a key) */
  readonly next: readonly NextStep[] | undefined;
  /** Machine-readable reason, e.g. "invalid_tenant_id", "wrong_passphrase". */
  readonly code: C;

  // NoInfer: core's codes are checked against CoreErrorCode; a front end names its own union explicitly
  constructor(code: NoInfer<C>, message: string, options: { hint?: string; next?: readonly NextStep[]; exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IbiError";
    this.code = code;
    this.hint = options.hint;
    this.next = options.next && options.next.length > 0 ? options.next : undefined;
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }
}

/** Any IbiError, whichever layer threw it (its code is then one of several unions). */
export function isIbiError(e: unknown): e is IbiError<string> {
  return e instanceof Error && (e as { name?: string }).name === "IbiError" && typeof (e as IbiError).exitCode === "number";
}
