import type { Command } from "commander";
import { IbiError } from "../../../core/errors.js";
import { saveSettings, SETTING_KEYS } from "../../../core/actions/settings.js";
import type { CliErrorCode } from "../../errors.js";
import { info, printJson, warn } from "../../output.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

interface Options extends CommonOptions {
  tenantId?: string;
  applicationId?: string;
  cloud?: string;
  authorityHost?: string;
  graphHost?: string;
  encryption?: string;
}

export function registerConfigSet(config: Command): void {
  const cmd = config
    .command("set")
    .description("Set and Save settings (guide, Part 2: enter Tenant ID and Application ID, Save); an empty value clears a field")
    .option("--tenant-id <id>", "Directory (tenant) ID: a GUID or a domain such as contoso.onmicrosoft.com")
    .option("--application-id <id>", "Application (client) ID: a GUID")
    .option("--cloud <cloud>", "global | usgov | usgovdod | china")
    .option("--authority-host <url>", "override the login host, e.g. https://login.microsoftonline.com")
    .option("--graph-host <url>", "override the Graph host, e.g. https://graph.microsoft.com")
    .option("--encryption <on|off>", "certificate-based encryption of the configuration file (default on once a certificate exists)");
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<Options>(c);
    const keys = SETTING_KEYS;
    if (!keys.some((k) => o[k] !== undefined))
      throw new IbiError<CliErrorCode>("missing_option", "config set needs at least one of --tenant-id, --application-id, --cloud, --authority-host, --graph-host, --encryption", {
        hint: "e.g. ibi-entra config set --tenant-id contoso.onmicrosoft.com --application-id 00000000-0000-0000-0000-000000000000",
      });
    const profile = await openProfile(o);
    const changes = Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]!]));
    const { previous: current, saved, encryption: enc } = await saveSettings(profile, changes);
    if (o.encryption === "off" && current.encryption !== "off")
      warn("the configuration file is now stored UNENCRYPTED. The setup guide recommends certificate-based encryption: ibi-entra config set --encryption on");
    if (o.json) return printJson({ ...saved, encrypted: enc.encrypted });
    info(`Saved ${profile.path.config} (${enc.encrypted ? "encrypted" : "not encrypted"}: ${enc.reason}).`);
  });
}
