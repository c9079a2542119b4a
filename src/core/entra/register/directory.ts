// The Azure Portal part of the setup guide, as Microsoft Graph calls: register the app (single tenant), upload
// the certificate's public key, add the three application permissions, create the service principal and grant
// admin consent. Every step first reads what is there, so a second run changes nothing and a run that stopped
// half-way continues where it stopped.
import { X509Certificate } from "node:crypto";
import { REQUIRED_PERMISSIONS, type RequiredPermission } from "../../clouds.js";
import { stripControl } from "../../text.js";
import { ExitCode } from "../../errors.js";
import { stepError } from "./failure.js";
import { GraphCallError, type AdminGraph } from "./graph.js";
import type { StepTracker } from "./steps.js";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface DirectoryCertificate {
  certPem: string;
  thumbprintSha1: string;
  subject: string;
}

export interface DirectoryInput {
  graph: AdminGraph;
  tracker: StepTracker;
  tenantId: string;
  certificate: DirectoryCertificate;
  /** display name for a new registration (or a rename when `renameTo` is set) */
  displayName: string;
  /** the admin asked for this name explicitly: rename a reused registration to it */
  renameTo?: string;
  /** reuse this registration; an unknown one is an error */
  applicationId?: string;
  /** the profile's Application ID: reused when it exists in the tenant, otherwise a new registration is made */
  profileApplicationId?: string;
  /** saves Tenant ID and Application ID to the profile; says what it did */
  saveSettings(applicationId: string): Promise<"created" | "updated" | "unchanged">;
}

export interface DirectoryOutcome {
  applicationId: string;
  applicationObjectId: string;
  servicePrincipalId: string;
  displayName: string;
}

interface GraphApplication {
  id: string;
  appId: string;
  displayName?: string | null;
  requiredResourceAccess?: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[] | null;
  keyCredentials?: KeyCredential[] | null;
}
interface KeyCredential {
  keyId?: string | null;
  type?: string | null;
  usage?: string | null;
  key?: string | null;
  displayName?: string | null;
  customKeyIdentifier?: string | null;
}
interface AppRole {
  id: string;
  value?: string | null;
  allowedMemberTypes?: string[] | null;
}
interface ServicePrincipal {
  id: string;
  appId: string;
  appRoles?: AppRole[] | null;
}
interface Assignment {
  appRoleId: string;
  resourceId: string;
}

const filterBy = (field: string, value: string) => `$filter=${encodeURIComponent(`${field} eq '${value.replace(/'/g, "''")}'`)}`;
const APP_SELECT = "$select=id,appId,displayName,signInAudience,requiredResourceAccess";

export async function registerInDirectory(input: DirectoryInput): Promise<DirectoryOutcome> {
  const { graph, tracker } = input;
  const cert = new X509Certificate(input.certificate.certPem);
  const derBase64 = cert.raw.toString("base64");
  const sha1 = input.certificate.thumbprintSha1.replace(/[^0-9a-f]/gi, "").toUpperCase();
  const certLabel = `${input.certificate.subject} (SHA-1 ${sha1})`;
  // Only the certificate (public key) is sent: the private key never leaves the secret store.
  const ourKey: KeyCredential = { type: "AsymmetricX509Cert", usage: "Verify", key: derBase64, displayName: `${input.certificate.subject} ${sha1}` };

  // 1. Microsoft Graph's app role ids for the three permissions (they differ per cloud: look them up by value)
  tracker.start("lookup");
  const graphSps = await graph.get<{ value: ServicePrincipal[] }>(`/v1.0/servicePrincipals?${filterBy("appId", GRAPH_APP_ID)}&$select=id,appId,appRoles`);
  const graphSp = graphSps.value?.[0];
  if (!graphSp) throw stepError("graph_not_found", "Microsoft Graph's service principal was not found in this tenant", "Check the Graph host setting: it must be this cloud's Graph.");
  const roleIds = new Map<RequiredPermission, string>();
  for (const name of REQUIRED_PERMISSIONS) {
    const role = (graphSp.appRoles ?? []).find((r) => r.value === name && (!r.allowedMemberTypes || r.allowedMemberTypes.includes("Application")));
    if (!role) throw stepError("permission_not_found", `Microsoft Graph in this tenant has no application permission ${name}`, "Check the Graph host setting: it must be this cloud's Graph.");
    roleIds.set(name, role.id);
  }
  tracker.end("lookup", "done", `Microsoft Graph ${graphSp.id}`);

  // 2. the app registration: reuse or create (single tenant, with certificate and permissions at once)
  tracker.start("application");
  let app: GraphApplication | undefined;
  let note = "";
  const wanted = input.applicationId ?? input.profileApplicationId;
  if (wanted) {
    const found = await graph.get<{ value: GraphApplication[] }>(`/v1.0/applications?${filterBy("appId", wanted)}&${APP_SELECT}`);
    app = found.value?.[0];
    if (!app && input.applicationId)
      throw stepError(
        "application_not_found",
        `no app registration with Application ID ${stripControl(wanted, 60)} exists in tenant ${input.tenantId}`,
        "Check the ID (Azure Portal > App registrations > All applications), or give none to register a new app.",
        ExitCode.usage,
        null,
        [{ action: "setInput", field: "applicationId" }],
      );
    if (!app) note = `; the profile's Application ID ${stripControl(wanted, 60)} is not in this tenant`;
  }
  let created = false;
  if (!app) {
    app = await graph.post<GraphApplication>("/v1.0/applications", {
      displayName: input.displayName,
      signInAudience: "AzureADMyOrg",
      requiredResourceAccess: [{ resourceAppId: GRAPH_APP_ID, resourceAccess: REQUIRED_PERMISSIONS.map((n) => ({ id: roleIds.get(n)!, type: "Role" })) }],
      keyCredentials: [ourKey],
    });
    created = true;
    tracker.end("application", "created", `created "${stripControl(input.displayName, 120)}", single tenant (Application ID ${app.appId})${note}`);
  } else if (input.renameTo !== undefined && input.renameTo !== app.displayName) {
    await graph.patch(`/v1.0/applications/${app.id}`, { displayName: input.renameTo }, { whileReplicating: true });
    tracker.end("application", "updated", `renamed "${stripControl(app.displayName ?? "", 120)}" to "${stripControl(input.renameTo, 120)}" (Application ID ${app.appId})`);
    app.displayName = input.renameTo;
  } else {
    tracker.end("application", "unchanged", `found "${stripControl(app.displayName ?? "", 120)}" (Application ID ${app.appId})`);
  }
  const appId = app.appId;
  const displayName = app.displayName ?? input.displayName;

  // 3. Tenant ID and Application ID into the profile now, so that a run stopped later continues with this app
  tracker.start("settings");
  const saved = await input.saveSettings(appId);
  tracker.end("settings", saved, saved === "unchanged" ? "the profile already has them" : `Tenant ID ${input.tenantId}, Application ID ${appId}`);

  // 4. the certificate's public key
  tracker.start("certificate");
  if (created) tracker.end("certificate", "created", `uploaded ${certLabel} with the new registration`);
  else {
    const full = await graph.get<GraphApplication>(`/v1.0/applications/${app.id}?$select=id,keyCredentials`, { whileReplicating: true });
    const existing = full.keyCredentials ?? [];
    if (existing.some((k) => isSameCertificate(k, sha1, derBase64))) tracker.end("certificate", "unchanged", `${certLabel} is already uploaded`);
    else {
      // PATCH replaces the whole collection: send the certificates already there (with their keys) too
      const keep = existing.map((k) => ({ keyId: k.keyId, type: k.type, usage: k.usage, key: k.key, displayName: k.displayName }));
      if (keep.some((k) => typeof k.key !== "string" || k.key === ""))
        throw stepError(
          "keys_unreadable",
          "Microsoft Graph did not return the keys of the certificates already uploaded, so adding one would remove them",
          `Upload ${certLabel} in the Azure Portal (Certificates & secrets > Upload certificate), then start the registration again.`,
          ExitCode.checkFailed,
          null,
          [{ action: "register", before: `Upload ${certLabel} in the Azure Portal (Certificates & secrets > Upload certificate), then` }],
        );
      await graph.patch(`/v1.0/applications/${app.id}`, { keyCredentials: [...keep, ourKey] }, { whileReplicating: true });
      tracker.end("certificate", "updated", `uploaded ${certLabel}${keep.length ? `; kept ${keep.length} other certificate${keep.length === 1 ? "" : "s"}` : ""}`);
    }
  }

  // 5. API permissions (requiredResourceAccess): add what is missing, keep everything else
  tracker.start("permissions");
  if (created) tracker.end("permissions", "created", `${REQUIRED_PERMISSIONS.join(", ")} (application) requested`);
  else {
    const rra = app.requiredResourceAccess ?? [];
    const graphEntry = rra.find((r) => r.resourceAppId === GRAPH_APP_ID);
    const present = new Set((graphEntry?.resourceAccess ?? []).filter((a) => a.type === "Role").map((a) => a.id.toLowerCase()));
    const missing = REQUIRED_PERMISSIONS.filter((n) => !present.has(roleIds.get(n)!.toLowerCase()));
    if (missing.length === 0) tracker.end("permissions", "unchanged", "all three are requested");
    else {
      const next = [
        ...rra.filter((r) => r !== graphEntry),
        { resourceAppId: GRAPH_APP_ID, resourceAccess: [...(graphEntry?.resourceAccess ?? []), ...missing.map((n) => ({ id: roleIds.get(n)!, type: "Role" }))] },
      ];
      await graph.patch(`/v1.0/applications/${app.id}`, { requiredResourceAccess: next }, { whileReplicating: true });
      tracker.end("permissions", "updated", `added ${missing.join(", ")}`);
    }
  }

  // 6. the service principal (what the portal calls the Enterprise application)
  tracker.start("service-principal");
  const findSp = async () => (await graph.get<{ value: ServicePrincipal[] }>(`/v1.0/servicePrincipals?${filterBy("appId", appId)}&$select=id,appId`)).value?.[0];
  let sp = await findSp();
  if (sp) tracker.end("service-principal", "unchanged", `exists (${sp.id})`);
  else {
    try {
      sp = await graph.post<ServicePrincipal>("/v1.0/servicePrincipals", { appId }, { whileReplicating: true });
    } catch (e) {
      // created meanwhile (or our earlier read was stale): use that one
      if (!(e instanceof GraphCallError && e.status === 409)) throw e;
      sp = await findSp();
      if (!sp) throw e;
    }
    tracker.end("service-principal", "created", `created (${sp.id})`);
  }

  // 7. admin consent: one app role assignment per permission, on Microsoft Graph's service principal
  tracker.start("consent");
  const assigned = async () =>
    new Set(
      ((await graph.get<{ value: Assignment[] }>(`/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`, { whileReplicating: true })).value ?? [])
        .filter((a) => a.resourceId === graphSp.id)
        .map((a) => a.appRoleId.toLowerCase()),
    );
  const before = await assigned();
  const toGrant = REQUIRED_PERMISSIONS.filter((n) => !before.has(roleIds.get(n)!.toLowerCase()));
  if (toGrant.length === 0) tracker.end("consent", "unchanged", `already granted for ${REQUIRED_PERMISSIONS.join(", ")}`);
  else {
    for (const name of toGrant) {
      try {
        await graph.post(`/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, { principalId: sp.id, resourceId: graphSp.id, appRoleId: roleIds.get(name)! }, { whileReplicating: true });
      } catch (e) {
        if (!(e instanceof GraphCallError && e.status === 400 && /already exists/i.test(e.graphMessage))) throw e;
      }
    }
    tracker.end("consent", before.size === 0 ? "created" : "updated", `granted ${toGrant.join(", ")}`);
  }

  return { applicationId: appId, applicationObjectId: app.id, servicePrincipalId: sp.id, displayName };
}

/** Graph shows a certificate's SHA-1 thumbprint as customKeyIdentifier (hex, or base64 of the bytes); `key` only when selected. */
function isSameCertificate(k: KeyCredential, sha1Hex: string, derBase64: string): boolean {
  if (typeof k.key === "string" && k.key.replace(/\s/g, "") === derBase64) return true;
  const cki = typeof k.customKeyIdentifier === "string" ? k.customKeyIdentifier.trim() : "";
  if (cki === "") return false;
  if (cki.toUpperCase() === sha1Hex) return true;
  return /^[A-Za-z0-9+/]+=*$/.test(cki) && Buffer.from(cki, "base64").toString("hex").toUpperCase() === sha1Hex;
}
