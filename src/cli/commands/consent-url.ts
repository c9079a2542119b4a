import type { Command } from "commander";
import { consentUrl } from "../../core/clouds.js";
import { IbiError } from "../../core/errors.js";
import { printJson } from "../output.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "./context.js";

export function registerConsentUrl(program: Command): void {
  const cmd = program.command("consent-url").description("Print the admin-consent URL for the profile's Tenant ID and Application ID");
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<CommonOptions>(c);
    const profile = await openProfile(o);
    const settings = await profile.readSettings();
    const missing = [!settings.tenantId && "Tenant ID", !settings.applicationId && "Application ID"].filter(Boolean);
    if (missing.length)
      throw new IbiError("config_incomplete", `the consent URL needs ${missing.join(" and ")}`, {
        hint: "ibi-entra config set --tenant-id ... --application-id ...",
      });
    const url = consentUrl(profile.resolveHosts(settings).authorityHost, settings.tenantId!, settings.applicationId!);
    if (o.json) return printJson({ consentUrl: url });
    process.stdout.write(`${url}\n`);
  });
}
