// What every command needs: its profile, opened with the CLI's way of asking for the vault passphrase.
import { Option, type Command } from "commander";
import { Profile, resolveProfileLocation } from "../../core/store/profile.js";
import { checkNewPassphrase } from "../../core/store/secret-store/index.js";
import { IbiError } from "../../core/errors.js";
import { printable } from "../../core/validate.js";
import type { CliErrorCode } from "../errors.js";
import { info, warn } from "../output.js";
import { promptHidden, promptNewSecret } from "../prompt.js";

export interface CommonOptions {
  profile?: string;
  json?: boolean;
  /** on the commands that can create the vault (cert generate, cert import) */
  weakPassphrase?: boolean;
}

/** --profile is accepted before or after the subcommand. */
export function withProfile(cmd: Command): Command {
  return cmd.option("--profile <name>", "profile to use (default: default)");
}

export function withJson(cmd: Command): Command {
  return cmd.option("--json", "print the result as JSON on stdout");
}

export function optionsOf<T extends CommonOptions>(cmd: Command): T {
  return cmd.optsWithGlobals() as T;
}

/** For commands that may create the vault: accepts a short new passphrase, with a warning. */
export function withWeakPassphrase(cmd: Command): Command {
  return cmd.option("--weak-passphrase", "accept a new vault passphrase shorter than 12 characters (also IBI_ENTRA_WEAK_PASSPHRASE=1)");
}

export async function openProfile(opts: CommonOptions): Promise<Profile> {
  const location = resolveProfileLocation(process.env, opts.profile ?? "default");
  return Profile.open(location, {
    allowWeakPassphrase: opts.weakPassphrase === true,
    onNotice: (n) => (n.code === "weak_passphrase" ? warn(n.message) : info(`notice: ${n.message}`)),
    passphrase: (purpose) =>
      purpose === "create"
        ? promptNewSecret("New vault passphrase", "IBI_ENTRA_VAULT_PASSPHRASE or IBI_ENTRA_VAULT_PASSPHRASE_FILE", (value) => {
            // the vault refuses it too; asking for it a second time first would only waste the admin's typing
            const weak = checkNewPassphrase(value);
            if (weak !== true && !opts.weakPassphrase && process.env.IBI_ENTRA_WEAK_PASSPHRASE !== "1")
              throw new IbiError("weak_passphrase", weak, { hint: "choose a longer passphrase (a few words make a good one); nothing was created" });
          })
        : promptHidden("Vault passphrase", "IBI_ENTRA_VAULT_PASSPHRASE or IBI_ENTRA_VAULT_PASSPHRASE_FILE"),
  });
}

export function choiceOption(flags: string, description: string, choices: string[]): Option {
  return new Option(flags, description).choices(choices);
}

export function parseInteger(field: string, min: number, max: number, example = min) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new IbiError<CliErrorCode>("invalid_option", `${field} "${printable(value)}" is not valid: use a whole number from ${min} to ${max}`, {
        hint: `give digits only, without a unit or sign, e.g. ${example}`,
      });
    return Number(value);
  };
}
