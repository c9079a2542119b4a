// The connection check of a profile: turns the profile into the check engine's input, so "Test connection" (the
// CLI's `check`, the dashboard) and register's final check validate an incomplete profile the same way.
import type { CheckResult } from "./check.js";
import type { NetworkDispatcherOptions } from "./network.js";
import { IbiError, type NextStep } from "../errors.js";
import type { Profile, Settings } from "../store/profile.js";

export interface ConnectionOptions {
  probe?: boolean;
  timeoutMs?: number;
  /** Extra trust for in-process use (the demo's simulator); a separate process uses NODE_EXTRA_CA_CERTS. */
  network?: NetworkDispatcherOptions;
}

/** What is missing before a connection can be tested, in the order the guide asks for it. */
export function missingForCheck(profile: Profile, settings: Settings): { field: string; hint: string; next: NextStep[] }[] {
  const missing: { field: string; hint: string; next: NextStep[] }[] = [];
  if (!profile.activeCertificate())
    missing.push({ field: "certificate", hint: "following the guide (IBI-helpMe Admin Part 1, Generate), generate one", next: [{ action: "generateCertificate" }] });
  if (!settings.tenantId)
    missing.push({ field: "Tenant ID", hint: "set the Directory (tenant) ID from the portal's app overview", next: [{ action: "setField", field: "tenantId" }] });
  if (!settings.applicationId)
    missing.push({ field: "Application ID", hint: "set the Application (client) ID from the portal's app overview", next: [{ action: "setField", field: "applicationId" }] });
  return missing;
}

export async function testConnection(profile: Profile, opts: ConnectionOptions = {}): Promise<CheckResult> {
  // Loading msal and the Graph client (~0.2 s) overlaps with decrypting the settings (the vault's scrypt).
  const libraries = Promise.all([
    import("./check.js"),
    import("./network.js"),
    import("@azure/msal-node"),
    opts.probe === false ? undefined : import("@microsoft/microsoft-graph-client"),
  ]);
  libraries.catch(() => undefined);
  const settings = await profile.readSettings();
  const missing = missingForCheck(profile, settings);
  if (missing.length > 0)
    throw new IbiError("config_incomplete", `cannot test the connection: ${missing.map((m) => m.field).join(", ")} not set`, {
      hint: missing[0]!.hint,
      next: missing[0]!.next,
    });
  const cert = profile.activeCertificate()!;
  const keyPem = await profile.loadPrivateKey(cert.thumbprintSha256);
  const { authorityHost, graphHost } = profile.resolveHosts(settings);
  const [{ runCheck }, { installNetworkDispatcher }] = await libraries;
  installNetworkDispatcher(opts.network);
  return runCheck({
    tenantId: settings.tenantId!,
    applicationId: settings.applicationId!,
    cloud: settings.cloud,
    authorityHost,
    graphHost,
    certificate: {
      certPem: profile.exportPublicCertificate(cert.thumbprintSha256, "pem").toString("utf8"),
      keyPem,
      thumbprintSha1: cert.thumbprintSha1,
      thumbprintSha256: cert.thumbprintSha256,
      notAfter: cert.notAfter,
      daysLeft: cert.daysLeft,
    },
    probe: opts.probe,
    timeoutMs: opts.timeoutMs,
  });
}
