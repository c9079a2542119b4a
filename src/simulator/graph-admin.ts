// Microsoft Graph v1.0, the slice an admin tool uses to register an app: /applications, /servicePrincipals and
// app role assignments (admin consent). Apps live in the tenant's `apps` list, so what is created here is what
// the token endpoint signs in (certificates) and what its tokens carry (grantedRoles = consented roles).
// Authorization follows the delegated token: its `scp` and the admin's directory roles (`wids`). App-only
// administration is not simulated: an app-only token gets `undefined` here and the read-only Graph's 404.
import crypto from "node:crypto";
import { DIRECTORY_ROLES, guidFrom } from "./device-code.js";
import { graphError, type Reply, type RequestContext } from "./errors.js";
import { authenticate } from "./graph.js";
import type { SimApp, SimAppCertificate, SimRequiredResourceAccess, SimTenant, SimulatorState } from "./state.js";
import { servicePrincipalId, type SimAccessTokenClaims, type TokenSigner } from "./token-endpoint.js";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Application permissions (app roles) of Microsoft Graph's service principal, with their real ids. */
export const GRAPH_APP_ROLES: readonly { value: string; id: string; displayName: string }[] = [
  { value: "Device.Read.All", id: "7438b122-aefc-4978-80ed-43db9fcc7715", displayName: "Read all devices" },
  { value: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214", displayName: "Read all users' full profiles" },
  { value: "GroupMember.Read.All", id: "98830695-27a2-44f7-8c18-0c3ebc9698f6", displayName: "Read all group memberships" },
  { value: "Group.Read.All", id: "5b567255-7703-4780-807c-7be8301ae99b", displayName: "Read all groups" },
  { value: "Directory.Read.All", id: "7ab1d382-f21e-4acd-a863-ba3e13f7da61", displayName: "Read directory data" },
  { value: "Directory.ReadWrite.All", id: "19dbc75e-c2e2-444c-a770-ec69d8559fc7", displayName: "Read and write directory data" },
  { value: "User.ReadWrite.All", id: "741f803b-c850-494e-b5df-cde7c675a1ca", displayName: "Read and write all users' full profiles" },
  { value: "Application.Read.All", id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", displayName: "Read all applications" },
  { value: "Application.ReadWrite.All", id: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", displayName: "Read and write all applications" },
];

const READ_SCOPES = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
const APP_WRITE_SCOPES = ["Application.ReadWrite.All", "Directory.AccessAsUser.All"];
const ASSIGN_SCOPES = ["AppRoleAssignment.ReadWrite.All", "Directory.AccessAsUser.All"];
/** Directory roles that may create and change app registrations and service principals. */
export const APP_ADMIN_ROLES = ["Global Administrator", "Application Administrator", "Cloud Application Administrator"];
/** Directory roles that may grant application permissions of Microsoft Graph (admin consent). */
export const CONSENT_ROLES = ["Global Administrator", "Privileged Role Administrator"];
const AUDIENCES = ["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"];

/** New objects stay invisible for their first N reads, as while Entra's directory replicates. In memory only. */
export class ReplicationLag {
  private readonly pending = new Map<string, number>();
  created(keys: string[], reads: number | undefined): void {
    if (!reads || reads <= 0) return;
    for (const k of keys) this.pending.set(k.toLowerCase(), Math.floor(reads));
  }
  /** true while the object is still invisible; every call counts as one read */
  hides(key: string): boolean {
    const k = key.toLowerCase();
    const n = this.pending.get(k);
    if (!n) return false;
    if (n <= 1) this.pending.delete(k);
    else this.pending.set(k, n - 1);
    return true;
  }
}

export interface GraphAdminEnv {
  /** applies a change to the state (saved to the state file when there is one) */
  commit(mutator: (s: SimulatorState) => void): void;
  lag: ReplicationLag;
}

export function isGraphAdminPath(pathname: string): boolean {
  return /^\/v1\.0\/(applications|servicePrincipals)(\/|$)/.test(pathname);
}

export function applicationObjectId(tenant: SimTenant, app: SimApp): string {
  return app.id ?? guidFrom(`application/${tenant.id}/${app.appId.toLowerCase()}`);
}

export function graphServicePrincipalId(tenant: SimTenant): string {
  return guidFrom(`graph-service-principal/${tenant.id}`);
}

export function handleGraphAdminRequest(
  ctx: RequestContext,
  method: string,
  url: URL,
  body: string,
  authorization: string | undefined,
  state: SimulatorState,
  signer: TokenSigner,
  env: GraphAdminEnv,
): Reply | undefined {
  const seg = url.pathname.split("/").filter((s) => s !== "").map(safeDecode);
  const auth = authenticate(ctx, authorization, state, signer);
  if (!auth.ok) return auth.reply;
  if (typeof auth.claims.scp !== "string") return undefined;
  const h = new Handler(ctx, url, body, auth.claims, auth.tenant, state, env);
  const notAllowed = () => graphError(ctx, 405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  if (seg[1] === "applications") {
    if (seg.length === 2) return method === "GET" ? h.listApplications() : method === "POST" ? h.createApplication() : notAllowed();
    if (seg.length === 3) return method === "GET" ? h.getApplication(seg[2]!) : method === "PATCH" ? h.updateApplication(seg[2]!) : notAllowed();
  } else {
    if (seg.length === 2) return method === "GET" ? h.listServicePrincipals() : method === "POST" ? h.createServicePrincipal() : notAllowed();
    if (seg.length === 3) return method === "GET" ? h.getServicePrincipal(seg[2]!) : notAllowed();
    if (seg.length === 4 && seg[3] === "appRoleAssignedTo")
      return method === "GET" ? h.listAssignedTo(seg[2]!) : method === "POST" ? h.assignAppRole(seg[2]!) : notAllowed();
    if (seg.length === 4 && seg[3] === "appRoleAssignments") return method === "GET" ? h.listAssignments(seg[2]!) : notAllowed();
  }
  return graphError(ctx, 404, "Request_ResourceNotFound", `Resource not found for the segment '${seg[seg.length - 1] ?? ""}'.`);
}

type Json = Record<string, unknown>;

class Handler {
  private readonly q: URLSearchParams;
  constructor(
    private readonly ctx: RequestContext,
    url: URL,
    private readonly body: string,
    private readonly claims: SimAccessTokenClaims,
    private readonly tenant: SimTenant,
    private readonly state: SimulatorState,
    private readonly env: GraphAdminEnv,
  ) {
    this.q = url.searchParams;
  }

  // ---- applications ----

  listApplications(): Reply {
    const denied = this.authorize(READ_SCOPES);
    if (denied) return denied;
    const filter = this.filter(["appId", "displayName", "id"]);
    if ("reply" in filter) return filter.reply;
    const apps = (this.tenant.apps ?? []).filter((a) => {
      const j = { appId: a.appId, displayName: a.displayName ?? "", id: applicationObjectId(this.tenant, a) };
      return !filter.match || filter.match(j);
    });
    const visible = apps.filter((a) => !this.env.lag.hides(applicationObjectId(this.tenant, a)));
    const select = this.select();
    return this.list("applications", visible.map((a) => project(this.applicationJson(a, false), select)));
  }

  getApplication(id: string): Reply {
    const denied = this.authorize(READ_SCOPES);
    if (denied) return denied;
    const app = this.findApplication(id);
    if (!app) return this.notFound(id);
    const select = this.select();
    // Graph returns keyCredentials[].key only when a single object is read with $select=keyCredentials
    const json = this.applicationJson(app, select?.includes("keyCredentials") ?? false);
    return { status: 200, body: { "@odata.context": `${this.ctx.baseUrl}/v1.0/$metadata#applications/$entity`, ...project(json, select) } };
  }

  createApplication(): Reply {
    const denied = this.authorize(APP_WRITE_SCOPES, APP_ADMIN_ROLES);
    if (denied) return denied;
    const input = this.json();
    if ("reply" in input) return input.reply;
    const b = input.value;
    if (typeof b.displayName !== "string" || b.displayName.trim() === "")
      return this.badRequest("Request_BadRequest", "Property 'displayName' is required and must not be empty.");
    const fields = this.applicationFields(b);
    if ("reply" in fields) return fields.reply;
    const app: SimApp = {
      appId: crypto.randomUUID(),
      id: crypto.randomUUID(),
      displayName: b.displayName,
      signInAudience: fields.signInAudience ?? "AzureADMyOrg",
      requiredResourceAccess: fields.requiredResourceAccess ?? [],
      certificates: fields.certificates ?? [],
      grantedRoles: [],
      servicePrincipal: false,
    };
    this.env.commit((s) => {
      const t = s.tenants.find((x) => x.id === this.tenant.id)!;
      (t.apps ??= []).push(app);
    });
    this.env.lag.created([app.id!, app.appId], this.state.faults?.replicationLag?.reads);
    return { status: 201, body: { "@odata.context": `${this.ctx.baseUrl}/v1.0/$metadata#applications/$entity`, ...this.applicationJson(app, false) } };
  }

  updateApplication(id: string): Reply {
    const denied = this.authorize(APP_WRITE_SCOPES, APP_ADMIN_ROLES);
    if (denied) return denied;
    const app = this.findApplication(id);
    if (!app) return this.notFound(id);
    const input = this.json();
    if ("reply" in input) return input.reply;
    const b = input.value;
    if (b.displayName !== undefined && (typeof b.displayName !== "string" || b.displayName.trim() === ""))
      return this.badRequest("Request_BadRequest", "Property 'displayName' must not be empty.");
    const fields = this.applicationFields(b);
    if ("reply" in fields) return fields.reply;
    this.env.commit((s) => {
      const target = s.tenants.find((x) => x.id === this.tenant.id)!.apps!.find((a) => a.appId === app.appId)!;
      if (typeof b.displayName === "string") target.displayName = b.displayName;
      if (fields.signInAudience !== undefined) target.signInAudience = fields.signInAudience;
      if (fields.requiredResourceAccess !== undefined) target.requiredResourceAccess = fields.requiredResourceAccess;
      // keyCredentials replaces the whole collection, as in Graph
      if (fields.certificates !== undefined) target.certificates = fields.certificates;
    });
    return { status: 204, body: undefined };
  }

  // ---- service principals ----

  listServicePrincipals(): Reply {
    const denied = this.authorize(READ_SCOPES);
    if (denied) return denied;
    const filter = this.filter(["appId", "displayName", "id"]);
    if ("reply" in filter) return filter.reply;
    const all = [this.graphServicePrincipal(), ...this.appServicePrincipals().map((a) => this.servicePrincipalJson(a))];
    const matching = all.filter((sp) => !filter.match || filter.match(sp as { appId: string; displayName: string; id: string }));
    const visible = matching.filter((sp) => !this.env.lag.hides(String(sp.id)));
    const select = this.select();
    return this.list("servicePrincipals", visible.map((sp) => project(sp, select)));
  }

  getServicePrincipal(id: string): Reply {
    const denied = this.authorize(READ_SCOPES);
    if (denied) return denied;
    const sp = this.findServicePrincipal(id);
    if (!sp) return this.notFound(id);
    const json = sp === "graph" ? this.graphServicePrincipal() : this.servicePrincipalJson(sp);
    return { status: 200, body: { "@odata.context": `${this.ctx.baseUrl}/v1.0/$metadata#servicePrincipals/$entity`, ...project(json, this.select()) } };
  }

  createServicePrincipal(): Reply {
    const denied = this.authorize(APP_WRITE_SCOPES, APP_ADMIN_ROLES);
    if (denied) return denied;
    const input = this.json();
    if ("reply" in input) return input.reply;
    const appId = input.value.appId;
    if (typeof appId !== "string" || appId === "") return this.badRequest("Request_BadRequest", "Property 'appId' is required.");
    const app = (this.tenant.apps ?? []).find((a) => a.appId.toLowerCase() === appId.toLowerCase());
    if (!app || this.env.lag.hides(app.appId))
      return this.badRequest("Request_BadRequest", `The appId '${appId.slice(0, 60)}' of the service principal does not reference a valid application object.`);
    if (app.servicePrincipal !== false)
      return graphError(this.ctx, 409, "Request_MultipleObjectsWithSameKeyValue", "Another object with the same value for property servicePrincipalNames already exists.");
    this.env.commit((s) => {
      s.tenants.find((x) => x.id === this.tenant.id)!.apps!.find((a) => a.appId === app.appId)!.servicePrincipal = true;
    });
    const spId = servicePrincipalId(this.tenant.id, app.appId);
    this.env.lag.created([spId], this.state.faults?.replicationLag?.reads);
    return { status: 201, body: { "@odata.context": `${this.ctx.baseUrl}/v1.0/$metadata#servicePrincipals/$entity`, ...this.servicePrincipalJson(app) } };
  }

  // ---- app role assignments (admin consent for application permissions) ----

  /** GET /servicePrincipals/{resource}/appRoleAssignedTo: who holds the resource's app roles */
  listAssignedTo(id: string): Reply {
    const denied = this.authorize(READ_SCOPES);
    if (denied) return denied;
    const sp = this.findServicePrincipal(id);
    if (!sp) return this.notFound(id);
    const items = sp === "graph" ? this.appServicePrincipals().flatMap((a) => this.assignmentsOf(a)) : [];
    return this.list("servicePrincipals('" + id + "')/appRoleAssignedTo", items);
  }

  /** GET /servicePrincipals/{client}/appRoleAssignments: the app roles the client holds */
  listAssignments(id: string): Reply {
    const denied = this.authorize(READ_SCOPES);
    if (denied) return denied;
    const sp = this.findServicePrincipal(id);
    if (!sp) return this.notFound(id);
    return this.list("servicePrincipals('" + id + "')/appRoleAssignments", sp === "graph" ? [] : this.assignmentsOf(sp));
  }

  /** POST /servicePrincipals/{resource}/appRoleAssignedTo {principalId, resourceId, appRoleId} */
  assignAppRole(resourceId: string): Reply {
    const denied = this.authorize(ASSIGN_SCOPES, CONSENT_ROLES);
    if (denied) return denied;
    const resource = this.findServicePrincipal(resourceId);
    if (!resource) return this.notFound(resourceId);
    const input = this.json();
    if ("reply" in input) return input.reply;
    const b = input.value;
    for (const k of ["principalId", "resourceId", "appRoleId"] as const)
      if (typeof b[k] !== "string" || b[k] === "") return this.badRequest("Request_BadRequest", `Property '${k}' is required.`);
    if ((b.resourceId as string).toLowerCase() !== resourceId.toLowerCase())
      return this.badRequest("Request_BadRequest", "The resourceId in the body does not match the service principal in the URL.");
    const role = resource === "graph" ? GRAPH_APP_ROLES.find((r) => r.id === (b.appRoleId as string).toLowerCase()) : undefined;
    if (!role)
      return this.badRequest("Request_BadRequest", `Permission being assigned was not found on application '${resource === "graph" ? GRAPH_APP_ID : resource.appId}'.`);
    const principal = this.findServicePrincipal(b.principalId as string);
    if (!principal || principal === "graph") return this.notFound(b.principalId as string);
    if ((principal.grantedRoles ?? []).some((r) => r.toLowerCase() === role.value.toLowerCase()))
      return this.badRequest("Request_BadRequest", "Permission being assigned already exists on the object.");
    this.env.commit((s) => {
      const a = s.tenants.find((x) => x.id === this.tenant.id)!.apps!.find((x) => x.appId === principal.appId)!;
      (a.grantedRoles ??= []).push(role.value);
    });
    return {
      status: 201,
      body: { "@odata.context": `${this.ctx.baseUrl}/v1.0/$metadata#servicePrincipals('${resourceId}')/appRoleAssignedTo/$entity`, ...this.assignmentJson(principal, role.value) },
    };
  }

  // ---- helpers ----

  /** 403 unless the delegated token carries one of `scopes` and the signed-in user holds one of `directoryRoles`. */
  private authorize(scopes: string[], directoryRoles?: string[]): Reply | undefined {
    const scp = String(this.claims.scp ?? "").split(" ").filter((s) => s !== "");
    const wids = Array.isArray(this.claims.wids) ? (this.claims.wids as unknown[]) : [];
    const ok = scp.some((s) => scopes.includes(s)) && (!directoryRoles || directoryRoles.some((r) => wids.includes(DIRECTORY_ROLES[r])));
    return ok ? undefined : graphError(this.ctx, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }

  private findApplication(id: string): SimApp | undefined {
    const app = (this.tenant.apps ?? []).find((a) => applicationObjectId(this.tenant, a).toLowerCase() === id.toLowerCase());
    if (!app || this.env.lag.hides(applicationObjectId(this.tenant, app))) return undefined;
    return app;
  }

  /** "graph" for Microsoft Graph's own service principal, the app for a client's, undefined when none (or still replicating). */
  private findServicePrincipal(id: string): SimApp | "graph" | undefined {
    if (id.toLowerCase() === graphServicePrincipalId(this.tenant)) return "graph";
    const app = this.appServicePrincipals().find((a) => servicePrincipalId(this.tenant.id, a.appId) === id.toLowerCase());
    if (!app || this.env.lag.hides(servicePrincipalId(this.tenant.id, app.appId))) return undefined;
    return app;
  }

  private appServicePrincipals(): SimApp[] {
    return (this.tenant.apps ?? []).filter((a) => a.servicePrincipal !== false);
  }

  private applicationJson(app: SimApp, withKeys: boolean): Json {
    return {
      id: applicationObjectId(this.tenant, app),
      appId: app.appId,
      displayName: app.displayName ?? null,
      signInAudience: app.signInAudience ?? "AzureADMyOrg",
      requiredResourceAccess: app.requiredResourceAccess ?? [],
      keyCredentials: (app.certificates ?? []).flatMap((c) => keyCredentialJson(c, withKeys)),
      passwordCredentials: [],
    };
  }

  private servicePrincipalJson(app: SimApp): Json {
    return {
      id: servicePrincipalId(this.tenant.id, app.appId),
      appId: app.appId,
      displayName: app.displayName ?? null,
      accountEnabled: !app.disabled,
      servicePrincipalType: "Application",
      appRoles: [],
    };
  }

  private graphServicePrincipal(): Json {
    return {
      id: graphServicePrincipalId(this.tenant),
      appId: GRAPH_APP_ID,
      displayName: "Microsoft Graph",
      accountEnabled: true,
      servicePrincipalType: "Application",
      appRoles: GRAPH_APP_ROLES.map((r) => ({
        allowedMemberTypes: ["Application"],
        description: `Allows the app to ${r.displayName.toLowerCase()} without a signed-in user.`,
        displayName: r.displayName,
        id: r.id,
        isEnabled: true,
        origin: "Application",
        value: r.value,
      })),
    };
  }

  private assignmentsOf(app: SimApp): Json[] {
    return [...new Set(app.grantedRoles ?? [])].map((value) => this.assignmentJson(app, value));
  }

  private assignmentJson(app: SimApp, value: string): Json {
    const principalId = servicePrincipalId(this.tenant.id, app.appId);
    const appRoleId = GRAPH_APP_ROLES.find((r) => r.value.toLowerCase() === value.toLowerCase())?.id ?? guidFrom(`app-role/${value}`);
    return {
      id: crypto.createHash("sha256").update(`${principalId}/${appRoleId}`).digest("base64url").slice(0, 43),
      appRoleId,
      createdDateTime: null,
      deletedDateTime: null,
      principalDisplayName: app.displayName ?? null,
      principalId,
      principalType: "ServicePrincipal",
      resourceDisplayName: "Microsoft Graph",
      resourceId: graphServicePrincipalId(this.tenant),
    };
  }

  /** Validates the writable fields of an application; undefined = not in the body. */
  private applicationFields(b: Json): { signInAudience?: string; requiredResourceAccess?: SimRequiredResourceAccess[]; certificates?: SimAppCertificate[] } | { reply: Reply } {
    const out: { signInAudience?: string; requiredResourceAccess?: SimRequiredResourceAccess[]; certificates?: SimAppCertificate[] } = {};
    if (b.signInAudience !== undefined) {
      if (typeof b.signInAudience !== "string" || !AUDIENCES.includes(b.signInAudience))
        return { reply: this.badRequest("Request_BadRequest", `Invalid value specified for property 'signInAudience' of resource 'Application'.`) };
      out.signInAudience = b.signInAudience;
    }
    if (b.requiredResourceAccess !== undefined) {
      const rra = b.requiredResourceAccess;
      const valid =
        Array.isArray(rra) &&
        rra.every(
          (r: unknown) =>
            isObj(r) &&
            typeof r.resourceAppId === "string" &&
            Array.isArray(r.resourceAccess) &&
            (r.resourceAccess as unknown[]).every((x) => isObj(x) && typeof x.id === "string" && (x.type === "Role" || x.type === "Scope")),
        );
      if (!valid) return { reply: this.badRequest("Request_BadRequest", "Invalid value specified for property 'requiredResourceAccess' of resource 'Application'.") };
      out.requiredResourceAccess = (rra as SimRequiredResourceAccess[]).map((r) => ({
        resourceAppId: r.resourceAppId,
        resourceAccess: r.resourceAccess.map((x) => ({ id: x.id, type: x.type })),
      }));
    }
    if (b.keyCredentials !== undefined) {
      if (!Array.isArray(b.keyCredentials)) return { reply: this.badRequest("Request_BadRequest", "Invalid value specified for property 'keyCredentials' of resource 'Application'.") };
      const certs: SimAppCertificate[] = [];
      const seen = new Set<string>();
      for (const k of b.keyCredentials as unknown[]) {
        if (!isObj(k) || k.type !== "AsymmetricX509Cert" || k.usage !== "Verify")
          return { reply: this.badRequest("Request_BadRequest", "The simulator accepts keyCredentials of type 'AsymmetricX509Cert' with usage 'Verify' only.") };
        let x509: crypto.X509Certificate;
        try {
          if (typeof k.key !== "string" || !/^[A-Za-z0-9+/]+=*$/.test(k.key)) throw new Error("not base64");
          x509 = new crypto.X509Certificate(Buffer.from(k.key, "base64"));
        } catch {
          return { reply: this.badRequest("Request_BadRequest", "Invalid value specified for property 'key' of resource 'KeyCredential'.") };
        }
        const thumb = crypto.createHash("sha1").update(x509.raw).digest("hex");
        if (seen.has(thumb)) return { reply: this.badRequest("Request_BadRequest", "Upload of duplicate certificate is not allowed in 'keyCredentials'.") };
        seen.add(thumb);
        certs.push({
          certPem: x509.toString(),
          keyId: typeof k.keyId === "string" && k.keyId !== "" ? k.keyId : crypto.randomUUID(),
          ...(typeof k.displayName === "string" ? { displayName: k.displayName } : {}),
        });
      }
      out.certificates = certs;
    }
    return out;
  }

  private json(): { value: Json } | { reply: Reply } {
    try {
      const v: unknown = JSON.parse(this.body);
      if (isObj(v)) return { value: v };
    } catch {
      /* fall through */
    }
    return { reply: this.badRequest("BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.") };
  }

  /** `$filter=<field> eq '<value>'` on one of `fields`; anything else is an unsupported query, as for Graph's simple queries. */
  private filter(fields: string[]): { match?: (o: Record<string, string>) => boolean } | { reply: Reply } {
    const f = this.q.get("$filter");
    if (f === null) return {};
    const m = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(f);
    if (!m || !fields.includes(m[1]!)) return { reply: this.badRequest("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for the simulator.") };
    const field = m[1]!;
    const value = m[2]!.replace(/''/g, "'").toLowerCase();
    return { match: (o) => String(o[field] ?? "").toLowerCase() === value };
  }

  private select(): string[] | undefined {
    return this.q.get("$select")?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  }

  private list(entitySet: string, items: Json[]): Reply {
    return { status: 200, body: { "@odata.context": `${this.ctx.baseUrl}/v1.0/$metadata#${entitySet}`, value: items } };
  }

  private notFound(id: string): Reply {
    return graphError(this.ctx, 404, "Request_ResourceNotFound", `Resource '${id.slice(0, 80)}' does not exist or one of its queried reference-property objects are not present.`);
  }

  private badRequest(code: string, message: string): Reply {
    return graphError(this.ctx, 400, code, message);
  }
}

/** One keyCredential as Graph shows it; customKeyIdentifier is the certificate's SHA-1 thumbprint. */
function keyCredentialJson(c: SimAppCertificate, withKey: boolean): Json[] {
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(c.certPem);
  } catch {
    return [];
  }
  const sha1 = crypto.createHash("sha1").update(x509.raw).digest("hex").toUpperCase();
  return [
    {
      customKeyIdentifier: sha1,
      displayName: c.displayName ?? x509.subject.replace(/\n/g, ", "),
      endDateTime: new Date(x509.validTo).toISOString(),
      key: withKey ? x509.raw.toString("base64") : null,
      keyId: c.keyId ?? guidFrom(`key/${sha1}`),
      startDateTime: new Date(x509.validFrom).toISOString(),
      type: "AsymmetricX509Cert",
      usage: "Verify",
    },
  ];
}

function project(o: Json, select: string[] | undefined): Json {
  if (!select) return o;
  const out: Json = {};
  for (const f of select) out[f] = o[f] ?? null;
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
