import type { Command } from "commander";
import { activateCertificate } from "../../../core/actions/certificates.js";
import { certificateJson, info, printJson } from "../../output.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

export function registerCertActivate(cert: Command): void {
  const cmd = cert
    .command("activate")
    .description("Activate the certificate (guide, Part 2: Activate the certificate); the others stay for rotation")
    .argument("<thumbprint>", "SHA-1 or SHA-256 thumbprint, or an unambiguous prefix");
  withJson(withProfile(cmd)).action(async (thumbprint: string, _o, c: Command) => {
    const o = optionsOf<CommonOptions>(c);
    const profile = await openProfile(o);
    const active = await activateCertificate(profile, thumbprint);
    if (o.json) return printJson(certificateJson(active));
    info(`Active certificate: ${active.thumbprintSha1} (${active.subject}). It must be uploaded to the app in the Azure Portal.`);
  });
}
