import type { Command } from "commander";
import { certificateJson, certificateRows, printJson } from "../../output.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

export function registerCertList(cert: Command): void {
  const cmd = cert.command("list").description("List the certificates of the profile (* = active)");
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<CommonOptions>(c);
    const profile = await openProfile(o);
    const list = profile.listCertificates();
    if (o.json) return printJson(list.map(certificateJson));
    process.stdout.write(`${certificateRows(list)}\n`);
  });
}
