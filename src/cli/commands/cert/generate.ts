import type { Command } from "commander";
import { generateCertificate } from "../../../core/actions/certificates.js";
import { KEY_SIZES, type KeySize } from "../../../core/crypto/generate.js";
import { certificateJson, certificateRows, info, printJson } from "../../output.js";
import { choiceOption, openProfile, optionsOf, parseInteger, withJson, withProfile, withWeakPassphrase, type CommonOptions } from "../context.js";

interface Options extends CommonOptions {
  keySize?: string;
  subject?: string;
  days?: number;
}

export function registerCertGenerate(cert: Command): void {
  const cmd = cert
    .command("generate")
    .description("Generate a certificate for client authentication (guide: Under Certificates click on Generate)")
    .addOption(choiceOption("--key-size <bits>", "RSA key size", KEY_SIZES.map(String)).default("2048"))
    .option("--subject <dn>", "subject, e.g. \"CN=IBI-helpMe, O=Contoso\"", "CN=IBI-helpMe")
    .option("--days <n>", "validity in days (1-3650)", parseInteger("validity days", 1, 3650, 730), 730);
  withWeakPassphrase(withJson(withProfile(cmd))).action(async (_o, c: Command) => {
    const o = optionsOf<Options>(c);
    const profile = await openProfile(o);
    const created = await generateCertificate(profile, { keySize: Number(o.keySize ?? 2048) as KeySize, subject: o.subject ?? "CN=IBI-helpMe", days: o.days ?? 730 });
    if (o.json) return printJson(certificateJson(created));
    process.stdout.write(`${certificateRows([created])}\n`);
    info(
      created.active
        ? "This certificate is active. Next: ibi-entra cert export <thumbprint> --out IBI-helpMe.cer, then upload it in the Azure Portal (Certificates & secrets)."
        : `Not active yet (rotation). Upload it in the portal, then: ibi-entra cert activate ${created.thumbprintSha1}`,
    );
  });
}
