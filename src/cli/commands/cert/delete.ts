import type { Command } from "commander";
import { deleteCertificate } from "../../../core/actions/certificates.js";
import { certificateJson, info, printJson } from "../../output.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

export function registerCertDelete(cert: Command): void {
  const cmd = cert
    .command("delete")
    .description("Delete a certificate and its private key (the active one only with --force)")
    .argument("<thumbprint>", "SHA-1 or SHA-256 thumbprint, or an unambiguous prefix")
    .option("--force", "also delete the active certificate");
  withJson(withProfile(cmd)).action(async (thumbprint: string, _o, c: Command) => {
    const o = optionsOf<CommonOptions & { force?: boolean }>(c);
    const profile = await openProfile(o);
    const { deleted, active } = await deleteCertificate(profile, thumbprint, { force: o.force });
    if (o.json) return printJson(certificateJson(deleted));
    info(`Deleted certificate ${deleted.thumbprintSha1} and its private key.`);
    if (deleted.active || !active) info("No certificate is active now: activate one with: ibi-entra cert activate <thumbprint>");
  });
}
