// Signs in with the certificate (client credentials, PS256 assertion with x5t#S256) and explains failures.
// A fresh ConfidentialClientApplication per attempt: msal keeps a token cache and a throttle memory per instance
// that would otherwise answer a re-check without asking Entra ID.
import type { Configuration } from "@azure/msal-node";
import { describeTransportError, diagnoseAadsts, diagnoseSignInError, type Diagnosis, type SignInContext } from "./diagnose.js";
import { RecordingNetworkModule, type Exchange } from "./msal-network.js";
import { RETRY_STATUSES, RetryBudget, parseRetryAfter, sleep } from "./retry.js";
import { hostOf } from "../text.js";
import { tokenRoles } from "./token-claims.js";

// Authority hosts whose endpoints msal-common has hard-coded (no discovery request). Aliases such as
// login.chinacloudapi.cn or login.windows.net are not in that list: they get local metadata like any other host.
const BUILT_IN_AUTHORITY_HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"]);

export interface SignInInput {
  tenantId: string;
  applicationId: string;
  authorityHost: string;
  graphHost: string;
  thumbprintSha256: string;
  keyPem: string;
}

export type SignInOutcome =
  | { ok: true; accessToken: string; roles: string[]; requests: number }
  | { ok: false; diagnosis: Diagnosis; requests: number };

/** The openid configuration msal would download, built locally so that only the token POST goes out. */
export function authorityMetadata(authorityHost: string, tenantId: string): string {
  const base = `${authorityHost}/${tenantId}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

/**
 * msal's authority settings for `<authorityHost>/<tenantId>`. Hosts outside Microsoft's clouds get local
 * discovery metadata, so msal neither asks login.microsoftonline.com nor the host itself (also used by register).
 */
export function authorityOptions(
  authorityHost: string,
  tenantId: string,
): { authority: string; knownAuthorities?: string[]; authorityMetadata?: string; cloudDiscoveryMetadata?: string } {
  const hostPort = new URL(authorityHost).host;
  const custom = !BUILT_IN_AUTHORITY_HOSTS.has(hostPort.toLowerCase());
  return {
    authority: `${authorityHost}/${tenantId}`,
    ...(custom
      ? {
          knownAuthorities: [hostPort],
          authorityMetadata: authorityMetadata(authorityHost, tenantId),
          cloudDiscoveryMetadata: JSON.stringify({
            tenant_discovery_endpoint: `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`,
            "api-version": "1.1",
            metadata: [{ preferred_network: hostPort, preferred_cache: hostPort, aliases: [hostPort] }],
          }),
        }
      : {}),
  };
}

/** msal configuration for one check. Hosts outside Microsoft's clouds get local discovery metadata. */
export function msalConfiguration(input: SignInInput, networkClient: RecordingNetworkModule): Configuration {
  const { authority, ...discovery } = authorityOptions(input.authorityHost, input.tenantId);
  return {
    auth: {
      clientId: input.applicationId,
      authority,
      // bare hex: a colon-separated thumbprint is silently truncated by msal
      clientCertificate: { thumbprintSha256: input.thumbprintSha256.replace(/[^0-9a-f]/gi, ""), privateKey: input.keyPem },
      ...discovery,
    },
    system: { networkClient },
  };
}

/** GETs a URL with a timeout, for facts msal does not surface (server Date, openid configuration). */
async function fetchFacts(url: string, timeoutMs: number): Promise<{ status: number; date: string | null; receivedAt: number; body: unknown } | { error: unknown }> {
  try {
    const res = await fetch(url, { headers: { "Accept-Language": "en-US" }, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, date: res.headers.get("date"), receivedAt: Date.now(), body };
  } catch (error) {
    return { error };
  }
}

/** server clock − local clock in seconds, from a Date header (1 s resolution). */
function skewFrom(date: string | null | undefined, receivedAt: number): number | null {
  if (!date) return null;
  const server = Date.parse(date);
  return Number.isNaN(server) ? null : Math.round((server - receivedAt) / 1000);
}

/** msal rewraps discovery failures (unknown tenant included) as endpoints_resolution_error: ask ourselves. */
export async function explainDiscoveryFailure(input: SignInInput, ctx: SignInContext): Promise<Diagnosis> {
  const url = `${input.authorityHost}/${encodeURIComponent(input.tenantId)}/v2.0/.well-known/openid-configuration`;
  const facts = await fetchFacts(url, ctx.timeoutMs);
  if ("error" in facts)
    return describeTransportError(facts.error, url, ctx.timeoutMs) ?? diagnoseSignInError(facts.error, ctx);
  const body = facts.body as { error_codes?: unknown; error_description?: unknown } | null;
  const codes = body && Array.isArray(body.error_codes) ? body.error_codes : [];
  const n = typeof codes[0] === "number" ? codes[0] : null;
  if (n !== null) return diagnoseAadsts(n, typeof body?.error_description === "string" ? body.error_description.split(/\r?\n/)[0]! : null, ctx);
  return {
    code: "endpoints_resolution_error",
    message: `msal could not resolve the endpoints of ${hostOf(input.authorityHost)}/${input.tenantId} (its openid configuration answered HTTP ${facts.status})`,
    hint: "Check the authority host override and the Tenant ID.",
  };
}

export async function signIn(input: SignInInput, ctx: SignInContext, budget: RetryBudget): Promise<SignInOutcome> {
  const msal = await import("@azure/msal-node");
  let requests = 0;
  for (let attempt = 0; ; attempt++) {
    const net = new RecordingNetworkModule(ctx.timeoutMs);
    const count = () => (requests += net.exchanges.length);
    let thrown: unknown = null;
    let accessToken = "";
    try {
      const app = new msal.ConfidentialClientApplication(msalConfiguration(input, net));
      const result = await app.acquireTokenByClientCredential({ scopes: [`${input.graphHost}/.default`], skipCache: true });
      accessToken = result?.accessToken ?? "";
    } catch (err) {
      thrown = err;
    }
    count();
    const last: Exchange | undefined = net.last;

    // Throttled (429/503/504): honour Retry-After within the shared budget, with a fresh instance.
    if (last && last.status !== null && RETRY_STATUSES.has(last.status) && (thrown !== null || accessToken === "") && attempt < 3) {
      const seconds = parseRetryAfter(last.headers["retry-after"]) ?? 2 ** attempt;
      if (budget.allows(seconds * 1000)) {
        await sleep(seconds * 1000);
        continue;
      }
    }

    if (thrown === null) {
      if (accessToken === "")
        return {
          ok: false,
          requests,
          diagnosis: {
            code: "empty_token",
            message: `the token endpoint answered${last?.status ? ` HTTP ${last.status}` : ""} without an access token`,
            hint: `Check that ${hostOf(input.authorityHost)} is Entra ID's login host for this cloud (and not a proxy's or portal's page).`,
          },
        };
      return { ok: true, accessToken, roles: tokenRoles(accessToken), requests };
    }

    // No HTTP answer: msal says only "network_error"; the recorded transport error says why.
    if (last?.error !== undefined) {
      const d = describeTransportError(last.error, last.url, ctx.timeoutMs);
      if (d) return { ok: false, requests, diagnosis: d };
    }
    const code = (thrown as { errorCode?: unknown }).errorCode;
    if (code === "endpoints_resolution_error") return { ok: false, requests, diagnosis: await explainDiscoveryFailure(input, ctx) };
    if (code === "network_error" && !last) {
      // msal failed before using our network module: reach the host ourselves to name the cause
      const facts = await fetchFacts(input.authorityHost, ctx.timeoutMs);
      if ("error" in facts) {
        const d = describeTransportError(facts.error, input.authorityHost, ctx.timeoutMs);
        if (d) return { ok: false, requests, diagnosis: d };
      }
    }

    let diagnosis = diagnoseSignInError(thrown, ctx);
    if (diagnosis.code === "clock_skew") {
      let skew = skewFrom(last?.headers["date"], last?.receivedAt ?? Date.now());
      if (skew === null) {
        const facts = await fetchFacts(input.authorityHost, ctx.timeoutMs);
        if (!("error" in facts)) skew = skewFrom(facts.date, facts.receivedAt);
      }
      diagnosis = diagnoseSignInError(thrown, { ...ctx, skewSeconds: skew });
    }
    if (last?.status !== null && last?.status !== undefined && RETRY_STATUSES.has(last.status) && diagnosis.code !== "throttled") {
      const after = parseRetryAfter(last.headers["retry-after"]);
      diagnosis = {
        code: "throttled",
        message: `Entra ID answered HTTP ${last.status} at ${hostOf(input.authorityHost)}${after !== null ? ` (retry after ${after} s)` : ""}`,
        hint: "The service is busy or throttling this app: wait a minute and test again.",
      };
    }
    return { ok: false, requests, diagnosis };
  }
}
