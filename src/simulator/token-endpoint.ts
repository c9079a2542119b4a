// POST /{tenant}/oauth2/v2.0/token — the client-credentials grant with a certificate assertion, checked for real:
// the uploaded certificate is found by its thumbprint and the signature verified with its public key.
import crypto from "node:crypto";
import { entraError, entraText, newGuid, type Reply, type RequestContext } from "./errors.js";
import { certThumbprints, decodeJwt, signRs256, verifyJws, type JwsAlg } from "./jwt.js";
import type { SimApp, SimTenant } from "./state.js";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Microsoft Graph's appId: `00000003-…/.default` names Graph as well as its URL does. */
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const CLOCK_TOLERANCE_S = 300;
export const TOKEN_LIFETIME_S = 3599;

export interface TokenSigner {
  key: crypto.KeyObject;
  kid: string;
}

/** The access-token claims the simulator issues and Graph accepts back. */
export interface SimAccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  azp: string;
  roles?: string[];
  iat: number;
  nbf: number;
  exp: number;
  [claim: string]: unknown;
}

export function tokenEndpointUrl(baseUrl: string, tenantSegment: string): string {
  return `${baseUrl}/${tenantSegment}/oauth2/v2.0/token`;
}

/** Deterministic stand-in for the app's service principal object id (exported for graph-admin.ts, issue 5). */
export function servicePrincipalId(tenantId: string, appId: string): string {
  const h = crypto.createHash("sha256").update(`${tenantId}/${appId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function handleTokenRequest(ctx: RequestContext, tenant: SimTenant, tenantSegment: string, form: URLSearchParams, signer: TokenSigner): Reply {
  const err = (status: number, error: string, code: number, text: string) => entraError(ctx, status, error, code, text);

  const grantType = form.get("grant_type");
  if (!grantType) return err(400, "invalid_request", 900144, entraText.missingParameter("grant_type"));
  if (grantType !== "client_credentials") return err(400, "unsupported_grant_type", 70003, entraText.unsupportedGrant(grantType));

  const scope = form.get("scope");
  if (!scope) return err(400, "invalid_request", 900144, entraText.missingParameter("scope"));
  const scopes = scope.split(" ").filter((s) => s !== "");
  const defaultScope = scopes.find((s) => s.endsWith("/.default"));
  if (!defaultScope) return err(400, "invalid_scope", 1002012, entraText.scopeNotDefault(scope));

  const assertion = form.get("client_assertion");
  if (!assertion) {
    if (form.get("client_secret")) return err(401, "invalid_client", 7000215, "Invalid client secret provided. The simulator accepts certificate credentials only.");
    return err(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (form.get("client_assertion_type") !== JWT_BEARER) return err(400, "invalid_request", 50027, `${entraText.malformedJwt()} ${entraText.badAssertionType()}`);

  const jwt = decodeJwt(assertion);
  if (!jwt) return err(400, "invalid_request", 50027, entraText.malformedJwt());
  const { header, payload } = jwt;
  const clientId = form.get("client_id") ?? (typeof payload.iss === "string" ? payload.iss : undefined);
  if (!clientId) return err(400, "invalid_request", 900144, entraText.missingParameter("client_id"));
  if (payload.iss !== clientId || payload.sub !== clientId) return err(401, "invalid_client", 700021, entraText.issuerSubject());

  const app = (tenant.apps ?? []).find((a) => a.appId.toLowerCase() === clientId.toLowerCase());
  if (!app) return err(400, "unauthorized_client", 700016, entraText.appNotFound(clientId, tenant.domains?.[0] ?? tenant.id));
  if (app.disabled) return err(400, "unauthorized_client", 7000112, entraText.appDisabled(app.appId, app.displayName ?? app.appId));
  // register (issue 5): an app registered through Graph has no service principal until one is created
  if (app.servicePrincipal === false)
    return err(400, "unauthorized_client", 7000229, `The client application ${app.appId} is missing service principal in the tenant ${tenant.id}.`);

  const alg = header.alg;
  if (alg !== "PS256" && alg !== "RS256") return err(400, "invalid_request", 50027, `${entraText.malformedJwt()} ${entraText.badAlg(String(alg))}`);

  const x5tS256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : undefined;
  const x5t = typeof header.x5t === "string" ? header.x5t : undefined;
  const presented = x5tS256 ?? x5t;
  // Entra shows the thumbprint the client sent as upper-case hex of the decoded header value.
  const shownThumb = presented === undefined ? "" : Buffer.from(presented, "base64url").toString("hex").toUpperCase();
  if (presented === undefined) return err(401, "invalid_client", 700027, entraText.keyNotFound("", app.appId));

  const cert = findCertificate(app, x5tS256, x5t);
  if (!cert) return err(401, "invalid_client", 700027, entraText.keyNotFound(shownThumb, app.appId));
  const nowS = Math.floor(ctx.nowMs / 1000);
  if (Date.parse(cert.validTo) < ctx.nowMs) return err(401, "invalid_client", 700027, entraText.badSignature("The key used is expired.", shownThumb, app.appId));
  if (Date.parse(cert.validFrom) > ctx.nowMs) return err(401, "invalid_client", 700027, entraText.badSignature("The key is not yet valid.", shownThumb, app.appId));
  if (!verifyJws(alg as JwsAlg, cert.publicKey, jwt.signingInput, jwt.signature))
    return err(401, "invalid_client", 700027, entraText.badSignature("The provided signature value did not match the expected signature value.", shownThumb, app.appId));

  const nbf = typeof payload.nbf === "number" ? payload.nbf : undefined;
  const exp = typeof payload.exp === "number" ? payload.exp : undefined;
  if (exp === undefined || nowS > exp + CLOCK_TOLERANCE_S || (nbf !== undefined && nowS < nbf - CLOCK_TOLERANCE_S))
    return err(400, "invalid_client", 700024, entraText.timeRange(ctx.nowMs, nbf, exp));

  const expected = tokenEndpointUrl(ctx.baseUrl, tenantSegment);
  const accepted = new Set(
    [tenant.id, ...(tenant.domains ?? [])].flatMap((t) => [tokenEndpointUrl(ctx.baseUrl, t), `${ctx.baseUrl}/${t}/oauth2/token`]).map((u) => u.toLowerCase()),
  );
  const aud = Array.isArray(payload.aud) && payload.aud.length === 1 ? payload.aud[0] : payload.aud;
  if (typeof aud !== "string" || !accepted.has(aud.toLowerCase())) return err(401, "invalid_client", 50013, entraText.badAudience(String(aud), expected));

  const resource = defaultScope.slice(0, -"/.default".length);
  if (resource.replace(/\/$/, "").toLowerCase() !== ctx.baseUrl.toLowerCase() && resource.toLowerCase() !== GRAPH_APP_ID)
    return err(400, "invalid_resource", 500011, entraText.resourceNotFound(resource, tenant.domains?.[0] ?? tenant.id));

  if (app.conditionalAccessBlocked) return err(400, "invalid_grant", 53003, entraText.conditionalAccess());

  const roles = [...new Set(app.grantedRoles ?? [])];
  const claims: SimAccessTokenClaims = {
    aud: ctx.baseUrl,
    iss: `${ctx.baseUrl}/${tenant.id}/v2.0`,
    iat: nowS,
    nbf: nowS,
    exp: nowS + TOKEN_LIFETIME_S,
    app_displayname: app.displayName ?? app.appId,
    appid: app.appId,
    azp: app.appId,
    appidacr: "2",
    idtyp: "app",
    oid: servicePrincipalId(tenant.id, app.appId),
    sub: servicePrincipalId(tenant.id, app.appId),
    tid: tenant.id,
    uti: newGuid().replace(/-/g, ""),
    ver: "1.0",
    ...(roles.length > 0 ? { roles } : {}),
  };
  return {
    status: 200,
    body: {
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: signRs256({ kid: signer.kid, x5t: signer.kid }, claims, signer.key),
    },
  };
}

interface UploadedCert {
  publicKey: crypto.KeyObject;
  validFrom: string;
  validTo: string;
}

function findCertificate(app: SimApp, x5tS256: string | undefined, x5t: string | undefined): UploadedCert | undefined {
  for (const c of app.certificates ?? []) {
    let x509: crypto.X509Certificate;
    try {
      x509 = new crypto.X509Certificate(c.certPem);
    } catch {
      continue; // a broken PEM in the state file matches nothing, like a key that was never uploaded
    }
    const t = certThumbprints(x509.raw);
    if ((x5tS256 !== undefined && t.x5tS256 === x5tS256) || (x5tS256 === undefined && x5t !== undefined && t.x5t === x5t)) {
      return { publicKey: x509.publicKey, validFrom: x509.validFrom, validTo: x509.validTo };
    }
  }
  return undefined;
}
