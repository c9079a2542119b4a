// The OAuth 2.0 device authorization grant as Entra ID runs it: POST /{tenant}/oauth2/v2.0/devicecode hands out
// a user code, and the token endpoint answers `authorization_pending` until the code is approved (automatically
// after some polls, or through POST /_sim/device/approve), then issues delegated tokens whose `scp` lists the
// granted scopes and whose `wids` lists the admin's directory roles, as Graph reads them.
import crypto from "node:crypto";
import { entraError, entraText, newGuid, type Reply, type RequestContext } from "./errors.js";
import { signRs256 } from "./jwt.js";
import type { SimAdminUser, SimDeviceCodeSettings, SimTenant } from "./state.js";
import { TOKEN_LIFETIME_S, type TokenSigner } from "./token-endpoint.js";

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** Entra also accepts the short form, which msal-node sends. */
export function isDeviceCodeGrant(grantType: string | null): boolean {
  return grantType === DEVICE_CODE_GRANT || grantType === "device_code";
}
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
/** What `<graph>/.default` grants a first-party admin tool in the simulator. */
const DEFAULT_DELEGATED = ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"];

/** Built-in directory roles: display name → role template id (the ids Entra puts into `wids`). */
export const DIRECTORY_ROLES: Readonly<Record<string, string>> = {
  "Global Administrator": "62e90394-69f5-4237-9190-012177145e10",
  "Privileged Role Administrator": "e8611ab8-c189-46e8-94e1-60213ab1f814",
  "Application Administrator": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  "Cloud Application Administrator": "158c047a-c907-4556-b7ef-446551a6b5f7",
  "Global Reader": "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  "User Administrator": "fe930be7-5e62-47db-91af-98c3a49a38b1",
};
/** Every member user's `wids` carries the "User" template. */
export const MEMBER_USER_TEMPLATE = "b79fbf4d-3ef9-4689-8143-76b194e85509";

interface PendingCode {
  deviceCode: string;
  userCode: string;
  tenantId: string;
  clientId: string;
  /** delegated scopes on Graph, short form ("Application.ReadWrite.All") */
  graphScopes: string[];
  oidcScopes: string[];
  expiresAtMs: number;
  polls: number;
  status: "pending" | "approved" | "denied" | "redeemed";
  user?: SimAdminUser;
}

/** The admin who signs in when the state names none. */
export function defaultAdmin(tenant: SimTenant): Required<SimAdminUser> {
  const domain = tenant.domains?.[0] ?? `${tenant.id}.onmicrosoft.com`;
  return { id: guidFrom(`admin/${tenant.id}`), userPrincipalName: `admin@${domain}`, displayName: "Simulated Admin", roles: ["Global Administrator"] };
}

/** Device codes live in memory only: they are runtime, like fault counters. */
export class DeviceCodeRegistry {
  private readonly codes = new Map<string, PendingCode>();

  /** POST /{tenant}/oauth2/v2.0/devicecode */
  issue(ctx: RequestContext, tenant: SimTenant, form: URLSearchParams, settings: SimDeviceCodeSettings | undefined): Reply {
    const clientId = form.get("client_id");
    if (!clientId) return entraError(ctx, 400, "invalid_request", 900144, entraText.missingParameter("client_id"));
    const scope = form.get("scope");
    if (!scope) return entraError(ctx, 400, "invalid_request", 900144, entraText.missingParameter("scope"));
    const graphScopes: string[] = [];
    const oidcScopes: string[] = [];
    for (const s of scope.split(" ").filter((x) => x !== "")) {
      if (OIDC_SCOPES.has(s)) {
        oidcScopes.push(s);
        continue;
      }
      const cut = s.lastIndexOf("/");
      const resource = cut > 0 ? s.slice(0, cut) : "";
      const name = cut > 0 ? s.slice(cut + 1) : s;
      const onGraph = resource === "" || resource.toLowerCase() === ctx.baseUrl.toLowerCase() || resource.toLowerCase() === GRAPH_APP_ID;
      if (!onGraph) return entraError(ctx, 400, "invalid_resource", 500011, entraText.resourceNotFound(resource, tenant.domains?.[0] ?? tenant.id));
      if (name === ".default") graphScopes.push(...DEFAULT_DELEGATED);
      else graphScopes.push(name);
    }
    this.forgetExpired(ctx.nowMs);
    const expiresIn = positive(settings?.expiresIn, 900);
    const interval = positive(settings?.interval, 1);
    const userCode = newUserCode();
    const deviceCode = crypto.randomBytes(32).toString("base64url");
    this.codes.set(deviceCode, {
      deviceCode,
      userCode,
      tenantId: tenant.id,
      clientId,
      graphScopes: [...new Set(graphScopes)],
      oidcScopes,
      expiresAtMs: ctx.nowMs + expiresIn * 1000,
      polls: 0,
      status: "pending",
    });
    const verificationUri = `${ctx.baseUrl}/devicelogin`;
    return {
      status: 200,
      body: {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: expiresIn,
        interval,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
      },
    };
  }

  /** The token endpoint's device_code grant. */
  redeem(ctx: RequestContext, tenant: SimTenant, form: URLSearchParams, settings: SimDeviceCodeSettings | undefined, signer: TokenSigner): Reply {
    const deviceCode = form.get("device_code");
    if (!deviceCode) return entraError(ctx, 400, "invalid_request", 900144, entraText.missingParameter("device_code"));
    const code = this.codes.get(deviceCode);
    if (!code || code.tenantId !== tenant.id || code.status === "redeemed")
      return entraError(ctx, 400, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid.");
    if (form.get("client_id") !== code.clientId) return entraError(ctx, 400, "invalid_grant", 70000, "The device code was issued to another client.");
    if (settings?.expire || ctx.nowMs > code.expiresAtMs) {
      this.codes.delete(deviceCode);
      return entraError(ctx, 400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
    }
    code.polls++;
    if (code.status === "pending" && settings?.deny) code.status = "denied";
    if (code.status === "pending" && settings?.autoApprove !== false && code.polls > Math.max(0, settings?.approveAfterPolls ?? 1)) code.status = "approved";
    if (code.status === "denied") {
      this.codes.delete(deviceCode);
      return entraError(ctx, 400, "authorization_declined", 70000, "The end user denied the authorization request.");
    }
    if (code.status === "pending") return entraError(ctx, 400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
    code.status = "redeemed";
    return { status: 200, body: this.tokens(ctx, tenant, code, code.user ?? settings?.user, signer) };
  }

  /** POST /_sim/device/approve {userCode?, deny?, user?}: approves (or declines) one pending code, or all of them. */
  approve(body: string | undefined, nowMs: number): Reply {
    let input: { userCode?: unknown; deny?: unknown; user?: unknown } = {};
    try {
      input = body ? (JSON.parse(body) as typeof input) : {};
    } catch {
      return { status: 400, body: { error: "invalid_request", error_description: "The body must be JSON: {\"userCode\"?: string, \"deny\"?: boolean, \"user\"?: {...}}." } };
    }
    this.forgetExpired(nowMs);
    const want = typeof input.userCode === "string" ? normaliseUserCode(input.userCode) : undefined;
    let count = 0;
    for (const code of this.codes.values()) {
      if (code.status !== "pending" || (want !== undefined && normaliseUserCode(code.userCode) !== want)) continue;
      code.status = input.deny === true ? "denied" : "approved";
      if (input.user && typeof input.user === "object") code.user = input.user as SimAdminUser;
      count++;
    }
    if (want !== undefined && count === 0) return { status: 404, body: { error: "not_found", error_description: "No pending device code has this user code." } };
    return { status: 200, body: { [input.deny === true ? "declined" : "approved"]: count } };
  }

  private tokens(ctx: RequestContext, tenant: SimTenant, code: PendingCode, who: SimAdminUser | undefined, signer: TokenSigner): Record<string, unknown> {
    const base = defaultAdmin(tenant);
    const user = { ...base, ...(who ?? {}) };
    const roles = Array.isArray(user.roles) ? user.roles : [];
    const wids = [...new Set([...roles.map((r) => DIRECTORY_ROLES[r] ?? guidFrom(`role/${r}`)), MEMBER_USER_TEMPLATE])];
    const nowS = Math.floor(ctx.nowMs / 1000);
    const access = {
      aud: ctx.baseUrl,
      iss: `${ctx.baseUrl}/${tenant.id}/v2.0`,
      iat: nowS,
      nbf: nowS,
      exp: nowS + TOKEN_LIFETIME_S,
      appid: code.clientId,
      azp: code.clientId,
      appidacr: "0",
      idtyp: "user",
      name: user.displayName,
      oid: user.id,
      sub: user.id,
      tid: tenant.id,
      upn: user.userPrincipalName,
      unique_name: user.userPrincipalName,
      scp: code.graphScopes.join(" "),
      wids,
      uti: newGuid().replace(/-/g, ""),
      ver: "1.0",
    };
    const id = {
      aud: code.clientId,
      iss: `${ctx.baseUrl}/${tenant.id}/v2.0`,
      iat: nowS,
      nbf: nowS,
      exp: nowS + TOKEN_LIFETIME_S,
      name: user.displayName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      sub: user.id,
      tid: tenant.id,
      ver: "2.0",
    };
    const key = { kid: signer.kid, x5t: signer.kid };
    return {
      token_type: "Bearer",
      scope: [...code.graphScopes.map((s) => `${ctx.baseUrl}/${s}`), ...code.oidcScopes.filter((s) => s !== "offline_access")].join(" "),
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: signRs256(key, access, signer.key),
      ...(code.oidcScopes.includes("offline_access") ? { refresh_token: crypto.randomBytes(32).toString("base64url") } : {}),
      ...(code.oidcScopes.includes("openid") ? { id_token: signRs256(key, id, signer.key) } : {}),
      client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString("base64url"),
    };
  }

  private forgetExpired(nowMs: number): void {
    for (const [k, c] of this.codes) if (nowMs > c.expiresAtMs + 60_000) this.codes.delete(k);
  }
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Nine letters and digits without look-alikes, like Entra's ("HXK4Q7RTB"). */
function newUserCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let out = "";
  for (let i = 0; i < 9; i++) out += alphabet[crypto.randomInt(alphabet.length)]!;
  return out;
}

function normaliseUserCode(v: string): string {
  return v.replace(/[\s-]/g, "").toUpperCase();
}

/** A stable GUID-shaped id from a seed. */
export function guidFrom(seed: string): string {
  const h = crypto.createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
