// Turns failures into one message and one hint each, naming the step of the setup guide
// (shared/seed/entra-id-setup.txt) that fixes them. Pure functions: sign-in.ts and probes.ts gather the facts
// (server clock, openid configuration, transport errors) and call these. The one table for both sign-ins: the
// check's certificate sign-in (sign-in.ts) and register's device code sign-in (register/device-code.ts).
import type { RequiredPermission } from "../clouds.js";
import { ExitCode, type ExitCodeValue, type NextStep } from "../errors.js";
import { hostOf, stripControl } from "../text.js";
import { CLIENT_ID_ENV, DELEGATED_SCOPES } from "./register/types.js";

/** Steps of the setup guide, as its headings name them. */
export const GUIDE = {
  generate: "IBI-helpMe Admin (Part 1) > Generate certificate for client authentication",
  register: "Azure Portal > Register application",
  certUpload: "Azure Portal > Setup certificate authentication (Certificates & secrets > Certificates > Upload certificate)",
  apiPermissions: "Azure Portal > Setup API permissions (steps 4-10: Microsoft Graph > Application permissions)",
  adminConsent: "Azure Portal > Setup API permissions, step 11 (grant admin consent)",
  ids: "Azure Portal > Determine Tenant ID and Application ID",
  finalize: "IBI-helpMe Admin (Part 2) > Finalize setup",
} as const;

export interface Diagnosis {
  code: string;
  message: string;
  hint: string | null;
  /**
   * What a command that stops on this failure exits with (register). The connection check has its own rule
   * (checkExitCode: every sign-in failure is a failed check, 1, except the transport ones, 3).
   */
  exitCode: ExitCodeValue;
  /** the hint's steps as typed actions, for each front end to word */
  next?: readonly NextStep[];
}

interface ContextBase {
  tenantId: string;
  cloud: string;
  authorityHost: string;
  graphHost: string;
  timeoutMs: number;
  /** server clock − local clock in seconds, when it could be measured */
  skewSeconds?: number | null;
}

/** The app signs in with its certificate (the connection check). */
export interface SignInContext extends ContextBase {
  applicationId: string;
  thumbprintSha1: string;
}

/** An administrator signs in with a device code through a public client (register). */
export interface AdminSignInContext extends ContextBase {
  /** the public client the admin signs in to (not the app being registered) */
  publicClientId: string;
}

/** Either sign-in: the one table below serves both and words a code the same way for both where it means the same. */
export type DiagnoseContext = SignInContext | AdminSignInContext;

function isAdmin(ctx: DiagnoseContext): ctx is AdminSignInContext {
  return "publicClientId" in ctx;
}

// ---------------------------------------------------------------------------------------------------------
// Transport failures (DNS, refused, reset, TLS, timeout)

/** the server's certificate does not chain to a CA this process trusts (NODE_EXTRA_CA_CERTS fixes it) */
const UNTRUSTED_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
]);
const TLS_CODES = new Set([
  ...UNTRUSTED_CODES,
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

interface Link {
  name?: string;
  code?: string;
  message?: string;
  /** the peer of a failed connect (a Node system error's address/port/hostname) */
  port?: number;
  hostname?: string;
}

/** The error, its causes and (for AggregateError, e.g. both addresses of "localhost" refused) their members. */
export function causeChain(err: unknown): Link[] {
  const out: Link[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 12) {
    const e = queue.shift();
    if (e === null || typeof e !== "object") continue;
    const o = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; port?: unknown; hostname?: unknown };
    out.push({
      name: typeof o.name === "string" ? o.name : undefined,
      code: typeof o.code === "string" ? o.code : undefined,
      message: typeof o.message === "string" ? o.message : undefined,
      ...(typeof o.port === "number" ? { port: o.port } : {}),
      ...(typeof o.hostname === "string" ? { hostname: o.hostname } : {}),
    });
    if (o.cause !== undefined) queue.push(o.cause);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return out;
}

/** True when the error is a failure to reach the server at all (not an HTTP answer). */
export function isTransportError(err: unknown): boolean {
  return transportKind(err) !== null;
}

function transportKind(err: unknown): { kind: "network" | "tls" | "timeout"; code: string | undefined; detail: string | undefined; link?: Link } | null {
  const chain = causeChain(err);
  for (const l of chain) {
    if (l.name === "TimeoutError" || (l.code !== undefined && TIMEOUT_CODES.has(l.code)))
      return { kind: "timeout", code: l.code, detail: l.message };
  }
  for (const l of chain) {
    if (l.code !== undefined && (TLS_CODES.has(l.code) || l.code.startsWith("ERR_SSL_") || l.code.startsWith("ERR_TLS_")))
      return { kind: "tls", code: l.code, detail: l.message };
  }
  const coded = chain.find((l) => l.code !== undefined && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(l.code));
  if (coded) return { kind: "network", code: coded.code, detail: coded.message, link: coded };
  // fetch's own "fetch failed" TypeError without a recognisable cause, or a proxy tunnel refusal
  const top = chain[0];
  if (top && (top.message === "fetch failed" || chain.some((l) => /proxy/i.test(l.message ?? ""))))
    return { kind: "network", code: undefined, detail: chain[chain.length - 1]?.message };
  return null;
}

function proxyNote(): string {
  const p = process.env["HTTPS_PROXY"] ?? process.env["https_proxy"] ?? process.env["HTTP_PROXY"] ?? process.env["http_proxy"];
  if (!p) return "if this machine needs a proxy, set HTTPS_PROXY (and NO_PROXY for local hosts)";
  let shown = "(unparseable)";
  try {
    const u = new URL(p);
    shown = `${u.protocol}//${u.host}`; // never echo proxy credentials
  } catch {
    /* keep placeholder */
  }
  return `requests go through the proxy ${stripControl(shown, 120)} (HTTPS_PROXY): check that it is reachable and allows this host, or exempt the host with NO_PROXY`;
}

/**
 * The proxy a request to `url` goes through, chosen as undici's EnvHttpProxyAgent (src/core/entra/network.ts)
 * chooses it: lower-case variables first, HTTP_PROXY for https when HTTPS_PROXY is unset, NO_PROXY by host suffix.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): { variable: string; host: string; port: number; shown: string } | undefined {
  let target: URL;
  try {
    target = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    return undefined;
  }
  // as undici: the lower-case variable wins even when empty (`??`), and an empty one means no proxy
  const pick = (lower: string, upper: string) => (env[lower] !== undefined ? lower : env[upper] !== undefined ? upper : undefined);
  const https = pick("https_proxy", "HTTPS_PROXY");
  const http = pick("http_proxy", "HTTP_PROXY");
  const variable = target.protocol === "https:" && https && env[https] ? https : http && env[http] ? http : undefined;
  if (!variable) return undefined;
  const hostname = target.host.replace(/:\d*$/, "").toLowerCase();
  const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
  const noProxy = env["no_proxy"] ?? env["NO_PROXY"] ?? "";
  if (noProxy === "*") return undefined;
  for (const entry of noProxy.split(/[,\s]/).filter(Boolean)) {
    const m = /^(.+):(\d+)$/.exec(entry);
    const h = (m ? m[1]! : entry).replace(/^\*?\./, "").toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (hostname === h || hostname.endsWith(`.${h}`)) return undefined;
  }
  try {
    const p = new URL(env[variable]!);
    // never echo proxy credentials
    return { variable, host: p.hostname, port: Number(p.port) || (p.protocol === "https:" ? 443 : 80), shown: `${p.protocol}//${p.host}` };
  } catch {
    return undefined;
  }
}

/** Connect-level codes: behind a proxy the client opens no connection but the proxy's, so these are the proxy's. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Diagnoses a request that got no HTTP answer. Returns null when the error is not a transport failure. */
export function describeTransportError(err: unknown, url: string, timeoutMs: number): Diagnosis | null {
  const t = transportKind(err);
  if (!t) return null;
  const host = hostOf(url);
  const tag = t.code ? ` (${stripControl(t.code, 60)})` : "";
  if (t.kind === "timeout")
    return {
      code: "timeout",
      message: `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s${tag}`,
      hint: `Check the network path to ${host} (firewall, proxy); ${proxyNote()}.`,
      exitCode: ExitCode.network,
    };
  if (t.kind === "tls") {
    const untrusted = t.code !== undefined && UNTRUSTED_CODES.has(t.code);
    const what = untrusted
      ? "the server's certificate is not signed by a trusted CA"
      : t.code === "ERR_TLS_CERT_ALTNAME_INVALID" || t.code === "HOSTNAME_MISMATCH"
        ? "the server's certificate does not name this host"
        : t.code === "CERT_HAS_EXPIRED" || t.code === "CERT_NOT_YET_VALID"
          ? "the server's certificate is outside its validity period (or the local clock is wrong)"
          : "the TLS handshake failed";
    return {
      code: "tls",
      message: `TLS connection to ${host} failed: ${what}${tag}`,
      hint: untrusted
        ? "A proxy or firewall that inspects TLS presents its own CA: give Node that root CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (PEM) and run again."
        : `Check that ${host} is the right host and that no proxy or firewall rewrites TLS (trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem).`,
      exitCode: ExitCode.network,
    };
  }
  const c = t.code;
  const proxy = c !== undefined && CONNECT_CODES.has(c) ? proxyFor(url) : undefined;
  // a peer other than the proxy (a port or name that is not the proxy's) means the failure was not the proxy's
  const atProxy = proxy && (t.link?.port === undefined || t.link.port === proxy.port) && (t.link?.hostname === undefined || t.link.hostname === proxy.host);
  if (proxy && atProxy) {
    const where = `${stripControl(proxy.host, 100)}:${proxy.port}`;
    return {
      code: "network",
      message:
        c === "ENOTFOUND" || c === "EAI_AGAIN"
          ? `cannot resolve the proxy ${where} (${proxy.variable}): DNS lookup failed${tag}`
          : c === "ECONNREFUSED"
            ? `the proxy ${where} (${proxy.variable}) refused the connection${tag}`
            : `cannot reach the proxy ${where} (${proxy.variable})${tag}`,
      hint: `Requests to ${host} go through ${proxy.variable}=${stripControl(proxy.shown, 120)}: check that the proxy runs there, correct or unset ${proxy.variable}, or exempt ${host} with NO_PROXY.`,
      exitCode: ExitCode.network,
    };
  }
  const message =
    c === "ENOTFOUND" || c === "EAI_AGAIN"
      ? `cannot resolve ${host}: DNS lookup failed${tag}`
      : c === "ECONNREFUSED"
        ? `connection to ${host} refused${tag}`
        : c === "ECONNRESET" || c === "UND_ERR_SOCKET" || c === "EPIPE"
          ? `connection to ${host} closed before an answer${tag}`
          : `cannot reach ${host}: ${stripControl(t.detail ?? "network error", 160)}${tag}`;
  return { code: "network", message, hint: `Check DNS, firewall and that ${host} is reachable on its port; ${proxyNote()}.`, exitCode: ExitCode.network };
}

// ---------------------------------------------------------------------------------------------------------
// Sign-in (STS) failures

interface MsalLikeError {
  errorCode?: unknown;
  errorNo?: unknown;
  errorMessage?: unknown;
  status?: unknown;
  message?: unknown;
  name?: unknown;
}

/** The AADSTS number and description line of an msal ServerError (or plain object shaped like one). */
export function aadstsOf(err: unknown): { number: number | null; description: string | null } {
  if (err === null || typeof err !== "object") return { number: null, description: null };
  const e = err as MsalLikeError;
  const text = [e.errorMessage, e.message].find((v): v is string => typeof v === "string" && v.length > 0) ?? "";
  // msal's errorMessage: "Error(s): 700027 - Timestamp: … - Description: AADSTS700027: text\r\nTrace ID: … - Correlation ID: …"
  const m = /AADSTS(\d+):?[^\r\n]*/.exec(text);
  let description = m ? m[0].split(" - Correlation ID:")[0]!.split(" - Trace ID:")[0]! : null;
  if (description) description = stripControl(description);
  let n: number | null = null;
  if (typeof e.errorNo === "number" && Number.isFinite(e.errorNo)) n = e.errorNo;
  else if (typeof e.errorNo === "string" && /^\d+$/.test(e.errorNo)) n = Number(e.errorNo);
  else if (m) n = Number(m[1]);
  return { number: n, description };
}

function errorCodeOf(err: unknown): string | null {
  if (err === null || typeof err !== "object") return null;
  const c = (err as MsalLikeError).errorCode;
  return typeof c === "string" && c !== "" ? c : null;
}

function statusOf(err: unknown): number | null {
  if (err === null || typeof err !== "object") return null;
  const s = (err as MsalLikeError).status;
  return typeof s === "number" ? s : null;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** Describes a measured clock difference, e.g. "the local clock is 600 seconds behind the server's". */
export function describeSkew(skewSeconds: number): string {
  const s = Math.round(skewSeconds);
  if (s === 0) return "the local clock matches the server's to the second";
  return `the local clock is ${plural(Math.abs(s), "second")} ${s > 0 ? "behind" : "ahead of"} the server's`;
}

/** "application <id>" or "the public client <id>": who signed in, as the messages name it. */
function clientLabel(ctx: DiagnoseContext): string {
  return isAdmin(ctx) ? `the public client ${stripControl(ctx.publicClientId, 80)}` : `application ${stripControl(ctx.applicationId, 80)}`;
}

/**
 * THE table of AADSTS codes, for both sign-ins: each known code maps to one code, message, hint and exit code.
 * Where a code's meaning depends on who signs in (700016: the app being checked, or the public client an admin
 * signs in to), the entry says so; unknown numbers are shown verbatim with Microsoft's lookup page.
 */
export function diagnoseAadsts(n: number, description: string | null, ctx: DiagnoseContext): Diagnosis {
  const tenant = stripControl(ctx.tenantId, 80);
  const detail = description ? `: ${description}` : "";
  const host = hostOf(ctx.authorityHost);
  const tenantHint = `Check the Tenant ID: copy the Directory (tenant) ID (${GUIDE.ids}); also check the cloud setting "${ctx.cloud}": a tenant of another national cloud is not found at ${host}.`;
  const failed = ExitCode.checkFailed;
  switch (n) {
    case 90002:
      return { code: "tenant_not_found", message: `tenant "${tenant}" was not found at ${host} (AADSTS90002)`, hint: tenantHint, exitCode: ExitCode.usage };
    case 900023:
      return {
        code: "AADSTS900023",
        message: `tenant "${tenant}" is not a valid tenant identifier (AADSTS900023)`,
        hint: `Use the Directory (tenant) ID, a GUID (${GUIDE.ids}), or a verified domain such as contoso.onmicrosoft.com.`,
        exitCode: ExitCode.usage,
      };
    case 700016:
      return isAdmin(ctx)
        ? {
            code: "AADSTS700016",
            message: `the public client ${stripControl(ctx.publicClientId, 80)} used for signing in is not known in tenant "${tenant}" (AADSTS700016)`,
            hint: "Sign in through an app registration of this tenant that allows public client flows, or leave the sign-in client unset to use the Azure CLI's client.",
            exitCode: ExitCode.usage,
            next: [{ action: "setInput", field: "clientId" }, { action: "setEnv", name: CLIENT_ID_ENV }],
          }
        : {
            code: "AADSTS700016",
            message: `application ${stripControl(ctx.applicationId, 80)} was not found in tenant ${tenant} (AADSTS700016)`,
            hint: `Check the Application ID: copy the Application (client) ID (${GUIDE.ids}); the app must be registered in this tenant (${GUIDE.register}). A wrong Tenant ID gives the same error.`,
            exitCode: ExitCode.usage,
          };
    case 700027:
      // only a certificate sign-in sends an assertion; for anything else it is an unknown code
      if (isAdmin(ctx)) break;
      return {
        code: "AADSTS700027",
        message: `Entra ID did not accept the certificate (AADSTS700027)${detail}`,
        hint: `Upload this certificate's public key (${GUIDE.certUpload}). The portal's Thumbprint column must show ${ctx.thumbprintSha1.toUpperCase()}, the SHA-1 thumbprint of the active certificate; if it shows another one, upload this certificate or activate the matching one (${GUIDE.finalize}, step 4).`,
        exitCode: failed,
      };
    case 700024: {
      const skew = ctx.skewSeconds;
      const clock = typeof skew === "number" ? describeSkew(skew) : "the local clock could not be compared with the server's";
      return {
        code: "clock_skew",
        message: `the sign-in assertion is outside its valid time range (AADSTS700024): ${clock}`,
        hint: "Correct the system clock: enable time synchronisation (e.g. `timedatectl set-ntp true`, chrony or ntpd) and run the check again.",
        exitCode: failed,
      };
    }
    case 7000112:
      return {
        code: "AADSTS7000112",
        message: `${clientLabel(ctx)} is disabled in tenant ${tenant} (AADSTS7000112)`,
        hint: 'An administrator disabled its sign-in: Azure Portal > Enterprise applications > the app > Properties > "Enabled for users to sign-in?" = Yes.',
        exitCode: failed,
      };
    case 53003:
      return {
        code: "AADSTS53003",
        message: `sign-in was blocked by Conditional Access (AADSTS53003)`,
        hint: "Ask an administrator to allow this application or this host's network in the blocking policy (Entra ID > Protection > Conditional Access; the sign-in logs name the policy).",
        exitCode: failed,
      };
    case 50076:
    case 50079:
    case 50158:
      return {
        code: "sign_in_blocked",
        message: `the sign-in was blocked: ${description ?? `AADSTS${n}`}`,
        hint: "Complete the multi-factor or device requirements in the browser, or ask who manages Conditional Access.",
        exitCode: failed,
      };
    case 500011:
      return {
        code: "AADSTS500011",
        message: `the resource ${hostOf(ctx.graphHost)} is not known in tenant ${tenant} (AADSTS500011)`,
        hint: `The Graph host belongs to another cloud: check the cloud setting "${ctx.cloud}" (global, usgov, usgovdod, china) and any Graph host override.`,
        exitCode: failed,
      };
    case 50196:
      return {
        code: "AADSTS50196",
        message: `Entra ID stopped a sign-in loop (AADSTS50196)${detail}`,
        hint: "Too many identical sign-ins in a short time: wait a few minutes before testing again.",
        exitCode: failed,
      };
    case 7000218:
    case 700025:
      return {
        code: "client_not_public",
        message: `${clientLabel(ctx)} does not allow the device code flow (AADSTS${n})`,
        hint: `In its app registration turn on Authentication > "Allow public client flows", or use the default client.`,
        exitCode: ExitCode.usage,
      };
    case 65001:
    case 65002:
    case 65004:
      return {
        code: "consent_required",
        message: `the sign-in needs consent to ${DELEGATED_SCOPES.join(" and ")} for ${clientLabel(ctx)}: ${description ?? `AADSTS${n}`}`,
        hint: "Sign in as a Global Administrator, or sign in through an app registration of your tenant that has these delegated Graph permissions consented.",
        exitCode: failed,
        next: [{ action: "setInput", field: "clientId" }],
      };
  }
  return {
    code: `AADSTS${n}`,
    message: description ?? `sign-in failed with AADSTS${n}`,
    hint: `Look the code up at https://login.microsoftonline.com/error?code=${n}.`,
    exitCode: failed,
  };
}

/** An AADSTS code with the HTTP status of its answer: an unmapped code on a 5xx answer is the service's problem. */
export function diagnoseAadstsAnswer(n: number, description: string | null, status: number | null, ctx: DiagnoseContext): Diagnosis {
  const d = diagnoseAadsts(n, description, ctx);
  // e.g. AADSTS50000 on HTTP 500: not the configuration's fault
  if (status !== null && status >= 500 && d.code === `AADSTS${n}` && d.hint?.startsWith("Look the code up"))
    return { ...d, hint: `Entra ID answered HTTP ${status}: a temporary service problem; test again in a few minutes.` };
  return d;
}

/** Diagnoses an error thrown by msal (either sign-in; for the certificate sign-in also jsonwebtoken's key errors). */
export function diagnoseSignInError(err: unknown, ctx: DiagnoseContext): Diagnosis {
  const { number, description } = aadstsOf(err);
  const code = errorCodeOf(err);
  const status = statusOf(err);
  if (number !== null) return diagnoseAadstsAnswer(number, description, status, ctx);
  if (status === 429 || code === "temporarily_unavailable")
    return {
      code: "throttled",
      message: `Entra ID is throttling sign-ins at ${hostOf(ctx.authorityHost)}${status ? ` (HTTP ${status})` : ""}`,
      hint: "Wait a minute and test again.",
      exitCode: ExitCode.checkFailed,
    };
  if (status !== null && status >= 500)
    return {
      code: "server_error",
      message: `Entra ID answered HTTP ${status} at ${hostOf(ctx.authorityHost)}`,
      hint: "A temporary service problem: test again in a few minutes.",
      exitCode: ExitCode.checkFailed,
    };
  if (code === "missing_tenant_id_error" || code === "invalid_authority" || code === "url_parse_error")
    return {
      code,
      message: `the authority ${hostOf(ctx.authorityHost)}/${stripControl(ctx.tenantId, 80)} is not usable (${code})`,
      hint: `Use the Directory (tenant) ID or a verified domain, not common/organizations (${GUIDE.ids}).`,
      exitCode: ExitCode.usage,
    };
  // not recognised: the tenant and the host are what a user can check
  const unknownHint = `Check the Tenant ID and the authority host (${hostOf(ctx.authorityHost)}).`;
  if (code) {
    const msg = (err as MsalLikeError).errorMessage;
    return {
      code,
      message: `sign-in failed: ${code}${typeof msg === "string" && msg ? `: ${stripControl(msg, 300)}` : ""}`,
      hint: unknownHint,
      exitCode: ExitCode.checkFailed,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  // jsonwebtoken / node:crypto refuse the key before any request (encrypted PEM, EC key, RSA < 2048)
  if (!isAdmin(ctx) && /key|PEM|DECODER|asymmetric|modulusLength|PS256|RS256/i.test(message))
    return {
      code: "invalid_private_key",
      message: `the active certificate's private key cannot sign the sign-in assertion: ${stripControl(message, 200)}`,
      hint: `Generate a new certificate (${GUIDE.generate}) and upload it (${GUIDE.certUpload}).`,
      exitCode: ExitCode.checkFailed,
    };
  return { code: "sign_in_failed", message: `sign-in failed: ${stripControl(message, 300)}`, hint: unknownHint, exitCode: ExitCode.checkFailed };
}

/** msal could not resolve the authority and the openid configuration named no AADSTS code either. */
export function unresolvedAuthority(ctx: DiagnoseContext, status: number): Diagnosis {
  return {
    code: "endpoints_resolution_error",
    message: `msal could not resolve the endpoints of ${hostOf(ctx.authorityHost)}/${ctx.tenantId} (its openid configuration answered HTTP ${status})`,
    hint: "Check the authority host override and the Tenant ID.",
    exitCode: ExitCode.checkFailed,
  };
}

/** The token endpoint answered without an access token (a 200 with `{}` does not make msal throw). */
export function emptyToken(ctx: DiagnoseContext, status: number | null): Diagnosis {
  return {
    code: "empty_token",
    message: `the token endpoint answered${status ? ` HTTP ${status}` : ""} without an access token`,
    hint: `Check that ${hostOf(ctx.authorityHost)} is Entra ID's login host for this cloud (and not a proxy's or portal's page).`,
    exitCode: ExitCode.checkFailed,
  };
}

/** Throttling (429/503/504) seen on the token endpoint's last answer. */
export function throttledAnswer(ctx: DiagnoseContext, status: number, retryAfterSeconds: number | null): Diagnosis {
  return {
    code: "throttled",
    message: `Entra ID answered HTTP ${status} at ${hostOf(ctx.authorityHost)}${retryAfterSeconds !== null ? ` (retry after ${retryAfterSeconds} s)` : ""}`,
    hint: "The service is busy or throttling this app: wait a minute and test again.",
    exitCode: ExitCode.checkFailed,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Device code (admin) sign-in: the OAuth errors of the device flow itself

/** The OAuth `error` of a device code poll (RFC 8628), or null when it is not one of them. */
export function diagnoseDeviceCodeError(oauthError: string | undefined, expiresInSeconds: number): Diagnosis | null {
  const minutes = Math.max(1, Math.round(expiresInSeconds / 60));
  const again = (then: string): Pick<Diagnosis, "hint" | "next"> => ({
    hint: `Start the registration again ${then}.`,
    next: [{ action: "register", then }],
  });
  if (oauthError === "expired_token" || oauthError === "code_expired")
    return {
      code: "device_code_expired",
      message: "the sign-in code expired before anyone signed in with it",
      ...again(`and enter the code within ${minutes} minute${minutes === 1 ? "" : "s"}`),
      exitCode: ExitCode.checkFailed,
    };
  if (oauthError === "authorization_declined" || oauthError === "access_denied")
    return {
      code: "authorization_declined",
      message: "the sign-in was declined in the browser",
      ...again("and approve the request, signed in as a Global Administrator (or as an Application Administrator who is also Privileged Role Administrator)"),
      exitCode: ExitCode.checkFailed,
    };
  if (oauthError === "bad_verification_code")
    return { code: "bad_verification_code", message: "Entra ID did not recognise the device code", hint: "Try again.", next: [{ action: "register" }], exitCode: ExitCode.checkFailed };
  return null;
}

/** The device code endpoint answered without a code and without an AADSTS number. */
export function deviceCodeRefused(ctx: DiagnoseContext, status: number | null, description: string | undefined): Diagnosis {
  const host = hostOf(ctx.authorityHost);
  return {
    code: "device_code_failed",
    message: `the device code endpoint of ${host} answered${status ? ` HTTP ${status}` : ""} without a sign-in code${description ? `: ${description}` : ""}`,
    hint: `Check the Tenant ID and the authority host (${host}).`,
    exitCode: ExitCode.checkFailed,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Permissions

export function missingPermissionHint(permission: RequiredPermission, consentUrl: string): string {
  return `${permission} is missing: add it (${GUIDE.apiPermissions}) and grant admin consent (${GUIDE.adminConsent}), or have a Global or Privileged Role Administrator open ${consentUrl}. Then test again.`;
}

export function coveredHint(permission: RequiredPermission, coveredBy: string): string {
  return `${permission} works through ${coveredBy}, which allows more than IBI-aws needs: grant ${permission} (${GUIDE.apiPermissions}, then ${GUIDE.adminConsent}) and remove ${coveredBy}.`;
}

export interface ProbeFailure {
  status: number | null;
  /** Graph error code or "network" / "tls" / "timeout" */
  code: string | null;
  message: string | null;
  retryAfterSeconds?: number | null;
}

/** The hint for a permission whose live probe failed; `inToken` says whether the token's roles claim had it. */
export function probeFailureHint(
  permission: RequiredPermission,
  path: string,
  f: ProbeFailure,
  inToken: boolean,
  consentUrl: string,
  graphHost: string,
): string {
  const what = `GET ${path}`;
  if (f.status === 403 || f.code === "Authorization_RequestDenied") {
    if (inToken)
      return `Graph denied ${what} (403 ${f.code ?? ""}) although the token lists ${permission}: consent changes can take minutes to apply; test again later. If it persists, re-grant admin consent (${GUIDE.adminConsent}) at ${consentUrl}.`;
    return missingPermissionHint(permission, consentUrl);
  }
  if (f.status === 401)
    return `Graph rejected the token for ${what} (401 ${f.code ?? ""}${f.message ? `: ${f.message}` : ""}): check that the cloud setting matches the tenant and that ${hostOf(graphHost)} is its Graph host.`;
  if (f.status === 429 || f.status === 503 || f.status === 504)
    return `Graph throttled ${what} (HTTP ${f.status}${f.retryAfterSeconds ? `, retry after ${f.retryAfterSeconds} s` : ""}): wait a little and test again.`;
  if (f.status !== null && f.status >= 500)
    return `Graph answered ${what} with HTTP ${f.status}${f.code ? ` ${f.code}` : ""}: a temporary service problem; test again in a few minutes.`;
  if (f.code === "network" || f.code === "tls" || f.code === "timeout")
    return `${what} failed before an answer: ${f.message ?? f.code}.`;
  return `${what} failed${f.status !== null ? ` with HTTP ${f.status}` : ""}${f.code ? ` ${f.code}` : ""}${f.message ? `: ${f.message}` : ""}.`;
}
