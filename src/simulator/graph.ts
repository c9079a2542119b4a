// Microsoft Graph v1.0, the read-only slice ibi-entra probes. Authorization follows the `roles` in the access
// token (as real Graph does), so a consent change shows only with a freshly issued token.
import { graphError, type Reply, type RequestContext } from "./errors.js";
import { decodeJwt, verifyJws } from "./jwt.js";
import type { SimulatorState, SimTenant } from "./state.js";
import type { SimAccessTokenClaims, TokenSigner } from "./token-endpoint.js";

const CLOCK_TOLERANCE_S = 300;
const DEFAULT_PAGE = 100;
const MAX_TOP = 999;

/** Application permissions that allow each probe (least privileged first). */
export const ROLES_FOR = {
  users: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  devices: ["Device.Read.All", "Device.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  groups: ["GroupMember.Read.All", "Group.Read.All", "GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
} as const;

export type Authenticated = { ok: true; claims: SimAccessTokenClaims; tenant: SimTenant } | { ok: false; reply: Reply };

// exported for graph-admin.ts (register, issue 5)
export function authenticate(ctx: RequestContext, authorization: string | undefined, state: SimulatorState, signer: TokenSigner): Authenticated {
  const invalid = (message: string): Authenticated => ({
    ok: false,
    reply: graphError(ctx, 401, "InvalidAuthenticationToken", message, { "WWW-Authenticate": `Bearer realm="", authorization_uri="${ctx.baseUrl}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"` }),
  });
  if (!authorization || authorization.trim() === "") return invalid("Access token is empty.");
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) return invalid("CompactToken parsing failed with error code: 80049217");
  const jwt = decodeJwt(m[1]!);
  if (!jwt) return invalid("IDX14100: JWT is not well formed, there are no dots (.).");
  if (jwt.header.alg !== "RS256" || !verifyJws("RS256", signer.key, jwt.signingInput, jwt.signature))
    return invalid("Access token validation failure. Invalid signature.");
  const c = jwt.payload as Partial<SimAccessTokenClaims>;
  if (c.aud !== ctx.baseUrl && c.aud !== `${ctx.baseUrl}/`) return invalid("Access token validation failure. Invalid audience.");
  const nowS = Math.floor(ctx.nowMs / 1000);
  if (typeof c.exp !== "number" || nowS > c.exp + CLOCK_TOLERANCE_S) return invalid("Lifetime validation failed, the token is expired.");
  if (typeof c.nbf === "number" && nowS < c.nbf - CLOCK_TOLERANCE_S) return invalid("Lifetime validation failed, the token is not yet valid.");
  const tenant = state.tenants.find((t) => t.id === c.tid);
  if (!tenant) return invalid("Access token validation failure. Invalid tenant.");
  return { ok: true, claims: c as SimAccessTokenClaims, tenant };
}

export function handleGraphRequest(
  ctx: RequestContext,
  method: string,
  url: URL,
  authorization: string | undefined,
  state: SimulatorState,
  signer: TokenSigner,
): Reply {
  const segments = url.pathname.split("/").filter((s) => s !== "").map(safeDecode);
  // segments[0] === "v1.0"
  const route = routeOf(segments);
  if (!route) return graphError(ctx, 404, "ResourceNotFound", `Resource not found for the segment '${segments[1] ?? ""}'.`);
  if (method !== "GET") return graphError(ctx, 405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

  const auth = authenticate(ctx, authorization, state, signer);
  if (!auth.ok) return auth.reply;
  const roles = Array.isArray(auth.claims.roles) ? auth.claims.roles : [];
  const allowed = ROLES_FOR[route.kind === "members" ? "groups" : route.kind];
  if (!roles.some((r) => (allowed as readonly string[]).includes(r)))
    return graphError(ctx, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

  const q = url.searchParams;
  const topRaw = q.get("$top");
  let top = DEFAULT_PAGE;
  if (topRaw !== null) {
    top = /^\d+$/.test(topRaw) ? Number(topRaw) : NaN;
    if (!(top >= 1 && top <= MAX_TOP)) return graphError(ctx, 400, "Request_BadRequest", `Invalid page size specified: '${topRaw}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  }
  const select = q.get("$select")?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  let offset = 0;
  const skip = q.get("$skiptoken");
  if (skip !== null) {
    const m = /^offset:(\d+)$/.exec(Buffer.from(skip, "base64url").toString("utf8"));
    if (!m) return graphError(ctx, 400, "Request_BadRequest", "Invalid $skiptoken.");
    offset = Number(m[1]);
  }

  const t = auth.tenant;
  let items: Record<string, unknown>[];
  let entitySet: string;
  switch (route.kind) {
    case "users":
      items = (t.users ?? []) as Record<string, unknown>[];
      entitySet = "users";
      break;
    case "devices":
      items = (t.devices ?? []) as Record<string, unknown>[];
      entitySet = "devices";
      break;
    case "groups":
      items = (t.groups ?? []).map(({ members: _m, ...g }) => g);
      entitySet = "groups";
      break;
    case "members": {
      const group = (t.groups ?? []).find((g) => g.id.toLowerCase() === route.groupId.toLowerCase());
      if (!group)
        return graphError(ctx, 404, "Request_ResourceNotFound", `Resource '${route.groupId}' does not exist or one of its queried reference-property objects are not present.`);
      items = (group.members ?? []).map((id) => directoryObject(t, id)).filter((o): o is Record<string, unknown> => o !== undefined);
      entitySet = "directoryObjects";
      break;
    }
  }
  const page = items.slice(offset, offset + top).map((o) => project(o, select));
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#${entitySet}${select ? `(${select.join(",")})` : ""}`,
  };
  if (offset + top < items.length) {
    // written the way Graph writes it: `$top=1&$skiptoken=…`, not `%24top`
    const params = [...q.entries()].filter(([k]) => k !== "$skiptoken");
    params.push(["$skiptoken", Buffer.from(`offset:${offset + top}`).toString("base64url")]);
    const enc = (v: string) => encodeURIComponent(v).replace(/%24/g, "$").replace(/%2C/gi, ",");
    body["@odata.nextLink"] = `${ctx.baseUrl}${url.pathname}?${params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")}`;
  }
  body.value = page;
  return { status: 200, body };
}

type Route = { kind: "users" | "devices" | "groups" } | { kind: "members"; groupId: string };

function routeOf(s: string[]): Route | undefined {
  if (s[0] !== "v1.0") return undefined;
  if (s.length === 2 && (s[1] === "users" || s[1] === "devices" || s[1] === "groups")) return { kind: s[1] };
  if (s.length === 4 && s[1] === "groups" && s[3] === "members") return { kind: "members", groupId: s[2]! };
  return undefined;
}

function directoryObject(t: SimTenant, id: string): Record<string, unknown> | undefined {
  const user = t.users?.find((u) => u.id === id);
  if (user) return { "@odata.type": "#microsoft.graph.user", ...user };
  const device = t.devices?.find((d) => d.id === id);
  if (device) return { "@odata.type": "#microsoft.graph.device", ...device };
  const group = t.groups?.find((g) => g.id === id);
  if (group) {
    const { members: _m, ...g } = group;
    return { "@odata.type": "#microsoft.graph.group", ...g };
  }
  return undefined;
}

/** `$select`: only the named properties (null when unset), keeping OData annotations like @odata.type. */
function project(o: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return o;
  const out: Record<string, unknown> = {};
  if (o["@odata.type"] !== undefined) out["@odata.type"] = o["@odata.type"];
  for (const f of select) out[f] = o[f] ?? null;
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
