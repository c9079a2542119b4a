import type { Command } from "commander";
import { formatTable, printJson } from "../../output.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "../context.js";

export function registerConfigShow(config: Command): void {
  const cmd = config.command("show").description("Show the saved settings (decrypting the configuration file with a key of the profile)");
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<CommonOptions>(c);
    const profile = await openProfile(o);
    const settings = await profile.readSettings();
    const hosts = profile.resolveHosts(settings);
    const active = profile.activeCertificate();
    const fileState = await profile.settingsFileState();
    const enc = profile.encryptionState(settings);
    const result = {
      profile: profile.location.name,
      directory: profile.location.dir,
      tenantId: settings.tenantId ?? null,
      applicationId: settings.applicationId ?? null,
      cloud: settings.cloud,
      authorityHost: hosts.authorityHost,
      graphHost: hosts.graphHost,
      authorityHostOverride: settings.authorityHost ?? null,
      graphHostOverride: settings.graphHost ?? null,
      activeCertificate: active ? { thumbprintSha1: active.thumbprintSha1, thumbprintSha256: active.thumbprintSha256, notAfter: active.notAfter, daysLeft: active.daysLeft } : null,
      certificates: profile.listCertificates().length,
      encryption: { setting: settings.encryption ?? "auto", file: fileState, reason: enc.reason },
    };
    if (o.json) return printJson(result);
    const rows: string[][] = [
      ["Tenant ID", result.tenantId ?? "(not set)"],
      ["Application ID", result.applicationId ?? "(not set)"],
      ["Cloud", result.cloud],
      ["Authority host", `${result.authorityHost}${settings.authorityHost ? " (override)" : ""}`],
      ["Graph host", `${result.graphHost}${settings.graphHost ? " (override)" : ""}`],
      ["Active certificate", active ? `${active.thumbprintSha1} (${active.daysLeft} days left)` : "(none)"],
      ["Encryption", `${fileState === "missing" ? "not saved yet" : fileState}: ${enc.reason}`],
      ["Profile folder", result.directory],
    ];
    process.stdout.write(`${formatTable(["SETTING", "VALUE"], rows)}\n`);
  });
}
