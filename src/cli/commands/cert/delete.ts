import type { Command } from "commander";
import { deleteCertificate, deletionImpact } from "../../../core/actions/certificates.js";
import { IbiError } from "../../../core/errors.js";
import type { CliErrorCode } from "../../errors.js";
import { certificateJson, info, printJson, warn } from "../../output.js";
import { canPrompt, confirm } from "../../prompt.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

export function registerCertDelete(cert: Command): void {
  const cmd = cert
    .command("delete")
    .description("Delete a certificate and its private key (the active or the last one: asks, or --force without a terminal)")
    .argument("<thumbprint>", "SHA-1 or SHA-256 thumbprint, or an unambiguous prefix")
    .option("--force", "delete the active or the last certificate without asking");
  withJson(withProfile(cmd)).action(async (thumbprint: string, _o, c: Command) => {
    const o = optionsOf<CommonOptions & { force?: boolean }>(c);
    const profile = await openProfile(o);
    let force = o.force === true;
    const { certificate, last, configBecomesPlain } = await deletionImpact(profile, thumbprint);
    // On a terminal the admin is asked; a script must say --force (core refuses without it and says why).
    if (!force && (certificate.active || last) && canPrompt()) {
      if (last) warn(`${certificate.thumbprintSha1} is the last certificate of this profile: nothing can sign in without it`);
      else warn(`${certificate.thumbprintSha1} is the active certificate: IBI-aws cannot sign in until another one is active`);
      if (configBecomesPlain) warn("the configuration will no longer be encrypted: it is saved as plain JSON until a certificate exists again");
      if (!(await confirm(`Delete certificate ${certificate.thumbprintSha1} and its private key?`)))
        throw new IbiError<CliErrorCode>("cancelled", "not deleted: nothing was changed", { exitCode: 2 });
      force = true;
    }
    const { deleted, active } = await deleteCertificate(profile, thumbprint, { force, guardLast: true });
    if (o.json) return printJson(certificateJson(deleted));
    info(`Deleted certificate ${deleted.thumbprintSha1} and its private key.`);
    if (last) {
      if (configBecomesPlain && (await profile.settingsFileState()) === "plain")
        warn("no certificate is left: the configuration is now plain JSON; generate or import a certificate to encrypt it again");
      else info("No certificate is left: generate one with: ibi-entra cert generate");
    } else if (deleted.active || !active) info("No certificate is active now: activate one with: ibi-entra cert activate <thumbprint>");
  });
}
