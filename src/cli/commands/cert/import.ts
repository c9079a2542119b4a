import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { importCertificateFile } from "../../../core/crypto/import.js";
import { IbiError } from "../../../core/errors.js";
import type { CliErrorCode } from "../../errors.js";
import { certificateJson, certificateRows, info, printJson } from "../../output.js";
import { canPrompt, promptHidden } from "../../prompt.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

export function registerCertImport(cert: Command): void {
  const cmd = cert
    .command("import")
    .description("Import a PFX/P12 (password: IBI_ENTRA_PFX_PASSWORD or prompt) or a PEM holding certificate and private key")
    .argument("<file>", "the .pfx/.p12 or .pem file");
  withJson(withProfile(cmd)).action(async (file: string, _o, c: Command) => {
    const o = optionsOf<CommonOptions>(c);
    const path = resolve(file);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new IbiError<CliErrorCode>("unreadable_file", `cannot read ${path}: ${code === "ENOENT" ? "no such file" : code ?? "error"}`);
    }
    const looksPem = data.subarray(0, 4096).toString("latin1").includes("-----BEGIN");
    let password = process.env.IBI_ENTRA_PFX_PASSWORD;
    if (password === undefined && !looksPem) {
      if (canPrompt()) password = await promptHidden("PFX password", "IBI_ENTRA_PFX_PASSWORD");
    }
    if (password === undefined && looksPem && /ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(data.toString("latin1"))) {
      password = await promptHidden("Private key password", "IBI_ENTRA_PFX_PASSWORD");
    }
    const material = await importCertificateFile(data, password);
    const profile = await openProfile(o);
    const added = await profile.importCertificate(material);
    if (o.json) return printJson(certificateJson(added));
    process.stdout.write(`${certificateRows([added])}\n`);
    if (!added.active) info(`Imported. Activate it with: ibi-entra cert activate ${added.thumbprintSha1}`);
  });
}
