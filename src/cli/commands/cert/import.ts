import type { Command } from "commander";
import { importCertificate, type PasswordKind } from "../../../core/actions/import.js";
import { certificateJson, certificateRows, info, printJson, warn } from "../../output.js";
import { canPrompt, promptHidden } from "../../prompt.js";
import { openProfile, optionsOf, withJson, withProfile, withWeakPassphrase, type CommonOptions } from "../context.js";

const PASSWORD_ENV = "IBI_ENTRA_PFX_PASSWORD";

/** The CLI's answer when an import needs a password: the environment first, then a masked prompt. */
export async function cliImportPassword(kind: PasswordKind): Promise<string | undefined> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv !== undefined) return fromEnv;
  // A PFX may have an empty password: without a terminal it is tried as is, and a wrong one is reported.
  if (kind === "pfx") return canPrompt() ? promptHidden("PFX password", PASSWORD_ENV) : undefined;
  return promptHidden("Private key password", PASSWORD_ENV);
}

export function registerCertImport(cert: Command): void {
  const cmd = cert
    .command("import")
    .description("Import a PFX/P12 (password: IBI_ENTRA_PFX_PASSWORD or prompt) or a PEM holding certificate and private key")
    .argument("<file>", "the .pfx/.p12 or .pem file");
  withWeakPassphrase(withJson(withProfile(cmd))).action(async (file: string, _o, c: Command) => {
    const o = optionsOf<CommonOptions>(c);
    const profile = await openProfile(o);
    const added = await importCertificate(profile, file, { askPassword: cliImportPassword });
    // on stderr in both modes: --json keeps stdout for data
    if (added.warning) warn(added.warning);
    if (o.json) return printJson(certificateJson(added));
    process.stdout.write(`${certificateRows([added])}\n`);
    if (!added.active) info(`Imported. Activate it with: ibi-entra cert activate ${added.thumbprintSha1}`);
  });
}
