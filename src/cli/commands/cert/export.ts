import type { Command } from "commander";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { formatFromPath, type PublicFormat } from "../../../core/crypto/x509.js";
import { IbiError } from "../../../core/errors.js";
import type { CliErrorCode } from "../../errors.js";
import { writeFileAtomic } from "../../../core/store/fs-atomic.js";
import { info, printJson } from "../../output.js";
import { promptNewSecret } from "../../prompt.js";
import { choiceOption, openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

interface Options extends CommonOptions {
  out?: string;
  format?: PublicFormat;
  pfx?: boolean;
  force?: boolean;
}

export function registerCertExport(cert: Command): void {
  const cmd = cert
    .command("export")
    .description("Export (Public Key Only)... for the Azure Portal's Upload certificate, or with --pfx the certificate and private key")
    .argument("<thumbprint>", "SHA-1 or SHA-256 thumbprint, or an unambiguous prefix")
    .option("--out <file>", "file to write (.cer = DER, .pem/.crt = PEM); without it the PEM goes to stdout")
    .addOption(choiceOption("--format <format>", "pem or der (default: from the file extension, else pem)", ["pem", "der"]))
    .option("--pfx", "export certificate AND private key as a password-protected PFX (password: IBI_ENTRA_PFX_PASSWORD or prompt)")
    .option("--force", "overwrite an existing file");
  withJson(withProfile(cmd)).action(async (thumbprint: string, _o, c: Command) => {
    const o = optionsOf<Options>(c);
    const profile = await openProfile(o);
    const cert = profile.findCertificate(thumbprint);
    const out = o.out === undefined ? undefined : resolve(o.out);
    if (out && existsSync(out) && !o.force)
      throw new IbiError<CliErrorCode>("file_exists", `${out} exists already; nothing was written`, { hint: "pass --force to overwrite it, or choose another --out" });
    if (o.pfx) {
      if (!out) throw new IbiError<CliErrorCode>("missing_option", "--pfx needs --out FILE (a PFX is binary)", { hint: "e.g. --out IBI-helpMe.pfx" });
      if (o.format) throw new IbiError<CliErrorCode>("invalid_option", "--format applies to the public certificate only, not to --pfx");
      const password = process.env.IBI_ENTRA_PFX_PASSWORD ?? (await promptNewSecret("PFX password", "IBI_ENTRA_PFX_PASSWORD"));
      if (password === "") throw new IbiError<CliErrorCode>("empty_secret", "PFX password must not be empty", { hint: "set IBI_ENTRA_PFX_PASSWORD" });
      await writeFileAtomic(out, await profile.exportPfx(cert.thumbprintSha256, password));
      if (o.json) return printJson({ file: out, format: "pfx", thumbprintSha1: cert.thumbprintSha1, thumbprintSha256: cert.thumbprintSha256 });
      return info(`Wrote ${out} (PFX with the private key — keep it safe; import it on another host with: ibi-entra cert import ${out})`);
    }
    const fromPath = out ? formatFromPath(out) : undefined;
    if (o.format && fromPath && o.format !== fromPath)
      throw new IbiError<CliErrorCode>("invalid_option", `--format ${o.format} does not match the extension of ${out}`, {
        hint: ".cer/.der are DER, .pem/.crt are PEM; drop --format or change the file name",
      });
    const format: PublicFormat = o.format ?? fromPath ?? "pem";
    const data = profile.exportPublicCertificate(cert.thumbprintSha256, format);
    if (!out) {
      if (format === "der") throw new IbiError<CliErrorCode>("invalid_option", "DER is binary: pass --out FILE", { hint: "e.g. --out IBI-helpMe.cer" });
      if (o.json) return printJson({ format, pem: data.toString("utf8"), thumbprintSha1: cert.thumbprintSha1 });
      process.stdout.write(data);
      return;
    }
    await writeFileAtomic(out, data);
    if (o.json) return printJson({ file: out, format, thumbprintSha1: cert.thumbprintSha1, thumbprintSha256: cert.thumbprintSha256 });
    info(`Wrote ${out} (${format.toUpperCase()}, public key only). Upload it in the Azure Portal: App registrations > your app > Certificates & secrets > Upload certificate.`);
    info(`The portal will show thumbprint ${cert.thumbprintSha1}.`);
  });
}
