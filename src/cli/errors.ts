// Error codes only the command line throws (its usage and prompts); core's codes are CoreErrorCode.
import type { CoreErrorCode } from "../core/errors.js";

export type CliErrorCode =
  | "cancelled"
  | "empty_secret"
  | "file_exists"
  | "invalid_option"
  | "missing_option"
  | "no_tty"
  | "secret_mismatch"
  | "unreadable_file"
  // `simulate`: the simulator's own state errors, as usage errors
  | "invalid_simulator_state"
  | "port_in_use"
  | "port_not_allowed"
  | "simulator_state_unreadable";

/** Everything an IbiError thrown by the CLI can carry. */
export type CliThrownCode = CliErrorCode | CoreErrorCode;
