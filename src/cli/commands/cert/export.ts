import type { Command } from "commander";
import { exportPfx } from "../../../core/actions/export-pfx.js";
import { exportPublic } from "../../../core/actions/export-public.js";
import type { PublicFormat } from "../../../core/crypto/x509.js";
import { IbiError, isIbiError } from "../../../core/errors.js";
import type { CliErrorCode } from "../../errors.js";
import { info, printJson } from "../../output.js";
import { promptNewSecret } from "../../prompt.js";
import { choiceOption, openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

interface Options extends CommonOptions {
  out?: string;
  format?: PublicFormat;
  pfx?: boolean;
  force?: boolean;
}

// The actions' hints name no flag; the CLI's do.
const FLAG_HINTS: Record<string, string> = {
  file_exists: "pass --force to overwrite it, or choose another --out",
  is_directory: "give a file name to --out",
  format_mismatch: ".cer/.der are DER, .pem/.crt are PEM; drop --format or change the file name",
  der_needs_file: "pass --out FILE, e.g. --out IBI-helpMe.cer",
};

function withFlags<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    const hint = isIbiError(e) ? FLAG_HINTS[e.code] : undefined;
    if (!hint) throw e;
    const err = e as IbiError;
    throw new IbiError(err.code, err.message, { hint, exitCode: err.exitCode });
  });
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
    if (o.pfx) {
      if (!o.out) throw new IbiError<CliErrorCode>("missing_option", "--pfx needs --out FILE (a PFX is binary)", { hint: "e.g. --out IBI-helpMe.pfx" });
      if (o.format) throw new IbiError<CliErrorCode>("invalid_option", "--format applies to the public certificate only, not to --pfx", {
          hint: "leave out --format: a PFX is always binary",
        });
    }
    const profile = await openProfile(o);
    if (o.pfx) {
      const { certificate, file } = await withFlags(
        exportPfx(profile, thumbprint, {
          out: o.out!,
          overwrite: o.force,
          password: async () => {
            const password = process.env.IBI_ENTRA_PFX_PASSWORD ?? (await promptNewSecret("PFX password", "IBI_ENTRA_PFX_PASSWORD"));
            if (password === "") throw new IbiError<CliErrorCode>("empty_secret", "PFX password must not be empty", { hint: "set IBI_ENTRA_PFX_PASSWORD" });
            return password;
          },
        }),
      );
      if (o.json) return printJson({ file, format: "pfx", thumbprintSha1: certificate.thumbprintSha1, thumbprintSha256: certificate.thumbprintSha256 });
      return info(`Wrote ${file} (PFX with the private key — keep it safe; import it on another host with: ibi-entra cert import ${file})`);
    }
    const { certificate, format, file, data } = await withFlags(exportPublic(profile, thumbprint, { out: o.out, format: o.format, overwrite: o.force }));
    if (!file) {
      if (o.json) return printJson({ format, pem: data.toString("utf8"), thumbprintSha1: certificate.thumbprintSha1 });
      process.stdout.write(data);
      return;
    }
    if (o.json) return printJson({ file, format, thumbprintSha1: certificate.thumbprintSha1, thumbprintSha256: certificate.thumbprintSha256 });
    info(`Wrote ${file} (${format.toUpperCase()}, public key only). Upload it in the Azure Portal: App registrations > your app > Certificates & secrets > Upload certificate.`);
    info(`The portal will show thumbprint ${certificate.thumbprintSha1}.`);
  });
}
