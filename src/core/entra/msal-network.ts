// msal plumbing shared by both sign-ins (the app's certificate sign-in of the check, the admin's device code
// sign-in of register): the network module, the authority settings and the openid-configuration probe.
//
// msal's network module is replaced so that every request has a timeout (msal 7.2.3's HttpClient has none for
// POST), honours the caller's cancel signal, and so that we can see what msal hides: the transport error behind
// "network_error", the HTTP status and headers (Retry-After, the server's Date for clock skew) and the OAuth error
// fields of the last answer (msal keeps only `error` while polling for a device code).
// Only types are imported from msal here: msal itself is loaded lazily by the sign-ins.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { stripControl } from "../text.js";
import { describeTransportError, diagnoseAadstsAnswer, diagnoseSignInError, unresolvedAuthority, type DiagnoseContext, type Diagnosis } from "./diagnose.js";

/** The OAuth error fields of a JSON answer. */
export interface OAuthErrorFields {
  error?: string;
  /** first line of error_description, control characters removed */
  description?: string;
  codes?: number[];
}

export interface Exchange {
  method: "GET" | "POST";
  url: string;
  status: number | null;
  /** lower-case header names */
  headers: Record<string, string>;
  /** the transport error when there was no answer */
  error?: unknown;
  /** OAuth error fields, when the answer carried them */
  oauth?: OAuthErrorFields;
  /** local clock (Date.now, the clock msal signs assertions with) when the answer arrived */
  receivedAt: number;
}

export class RecordingNetworkModule implements INetworkModule {
  readonly exchanges: Exchange[] = [];

  /** `signal`: the user's cancel (register's Ctrl+C / Esc); aborts the request in flight. */
  constructor(
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  get last(): Exchange | undefined {
    return this.exchanges[this.exchanges.length - 1];
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>("GET", url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>("POST", url, options);
  }

  private async send<T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const ms = timeout && timeout > 0 ? Math.min(timeout, this.timeoutMs) : this.timeoutMs;
    const timer = AbortSignal.timeout(ms);
    let status: number | null = null;
    const headers: Record<string, string> = {};
    try {
      const res = await fetch(url, {
        method,
        headers: options?.headers,
        body: method === "POST" ? (options?.body ?? "") : undefined,
        signal: this.signal ? AbortSignal.any([timer, this.signal]) : timer,
      });
      status = res.status;
      res.headers.forEach((v, k) => {
        headers[k.toLowerCase()] = v;
      });
      const text = await res.text();
      let body: unknown = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = {}; // a proxy's HTML error page: the status tells the story
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) body = {};
      const oauth = oauthErrorOf(body);
      this.exchanges.push({ method, url, status, headers, ...(oauth ? { oauth } : {}), receivedAt: Date.now() });
      return { status, headers, body: body as T };
    } catch (error) {
      this.exchanges.push({ method, url, status, headers, error, receivedAt: Date.now() });
      throw error;
    }
  }
}

/** The OAuth error fields of a parsed JSON body, or undefined when it has no `error`. */
export function oauthErrorOf(body: unknown): OAuthErrorFields | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const b = body as { error?: unknown; error_description?: unknown; error_codes?: unknown };
  if (typeof b.error !== "string") return undefined;
  return {
    error: b.error,
    description: typeof b.error_description === "string" ? stripControl(b.error_description.split(/\r?\n/)[0]!, 400) : undefined,
    codes: Array.isArray(b.error_codes) ? b.error_codes.filter((n): n is number => typeof n === "number") : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Authority settings

// Authority hosts whose endpoints msal-common has hard-coded (no discovery request). Aliases such as
// login.chinacloudapi.cn or login.windows.net are not in that list: they get local metadata like any other host.
const BUILT_IN_AUTHORITY_HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"]);

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
 * discovery metadata, so msal neither asks login.microsoftonline.com nor the host itself.
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
            tenant_discovery_endpoint: openIdConfigurationUrl(authorityHost, tenantId),
            "api-version": "1.1",
            metadata: [{ preferred_network: hostPort, preferred_cache: hostPort, aliases: [hostPort] }],
          }),
        }
      : {}),
  };
}

export function openIdConfigurationUrl(authorityHost: string, tenant: string): string {
  return `${authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
}

// ---------------------------------------------------------------------------------------------------------
// Facts msal does not surface

export type Facts = { status: number; date: string | null; receivedAt: number; body: unknown } | { error: unknown };

/** GETs a URL with a timeout, for facts msal does not surface (server Date, openid configuration). */
export async function fetchFacts(url: string, timeoutMs: number, signal?: AbortSignal): Promise<Facts> {
  const timer = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { headers: { "Accept-Language": "en-US" }, signal: signal ? AbortSignal.any([timer, signal]) : timer });
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

/**
 * msal rewraps discovery failures (an unknown tenant included) as endpoints_resolution_error: ask the openid
 * configuration ourselves. Returns the transport error, the AADSTS code it answered, or just its HTTP status.
 */
export async function probeOpenIdConfiguration(
  authorityHost: string,
  tenant: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ url: string } & ({ error: unknown } | { status: number; aadsts: number | null; description: string | null })> {
  const url = openIdConfigurationUrl(authorityHost, tenant);
  const facts = await fetchFacts(url, timeoutMs, signal);
  if ("error" in facts) return { url, error: facts.error };
  const oauth = oauthErrorOf(facts.body);
  const codes = facts.body !== null && typeof facts.body === "object" ? (facts.body as { error_codes?: unknown }).error_codes : undefined;
  // an answer with error_codes but no `error` still names the AADSTS code
  const n = oauth?.codes?.[0] ?? (Array.isArray(codes) && typeof codes[0] === "number" ? codes[0] : null);
  const d = oauth?.description ?? descriptionOf(facts.body);
  return { url, status: facts.status, aadsts: n, description: d };
}

function descriptionOf(body: unknown): string | null {
  const d = body !== null && typeof body === "object" ? (body as { error_description?: unknown }).error_description : undefined;
  return typeof d === "string" ? stripControl(d.split(/\r?\n/)[0]!) : null;
}

/** Why msal could not resolve the authority (endpoints_resolution_error), for either sign-in. */
export async function explainDiscoveryFailure(ctx: DiagnoseContext, signal?: AbortSignal): Promise<Diagnosis> {
  const probe = await probeOpenIdConfiguration(ctx.authorityHost, ctx.tenantId, ctx.timeoutMs, signal);
  if ("error" in probe) return describeTransportError(probe.error, probe.url, ctx.timeoutMs) ?? diagnoseSignInError(probe.error, ctx);
  if (probe.aadsts !== null) return diagnoseAadstsAnswer(probe.aadsts, probe.description, probe.status, ctx);
  return unresolvedAuthority(ctx, probe.status);
}
