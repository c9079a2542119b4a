// Turns failures into one message and one hint each, naming the step of the setup guide
// (shared/seed/entra-id-setup.txt) that fixes them. Pure functions: sign-in.ts and probes.ts gather the facts
// (server clock, openid configuration, transport errors) and call these.
import type { RequiredPermission } from "./clouds.js";
import { hostOf, stripControl } from "../text.js";

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
}

export interface SignInContext {
  tenantId: string;
  applicationId: string;
  cloud: string;
  authorityHost: string;
  graphHost: string;
  thumbprintSha1: string;
  timeoutMs: number;
  /** server clock − local clock in seconds, when it could be measured */
  skewSeconds?: number | null;
}

// ---------------------------------------------------------------------------------------------------------
// Transport failures (DNS, refused, reset, TLS, timeout)

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH",
]);
const UNTRUSTED_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

interface Link {
  name?: string;
  code?: string;
  message?: string;
}

/** The error, its causes and (for AggregateError, e.g. both addresses of "localhost" refused) their members. */
export function causeChain(err: unknown): Link[] {
  const out: Link[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 12) {
    const e = queue.shift();
    if (e === null || typeof e !== "object") continue;
    const o = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    out.push({
      name: typeof o.name === "string" ? o.name : undefined,
      code: typeof o.code === "string" ? o.code : undefined,
      message: typeof o.message === "string" ? o.message : undefined,
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

function transportKind(err: unknown): { kind: "network" | "tls" | "timeout"; code: string | undefined; detail: string | undefined } | null {
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
  if (coded) return { kind: "network", code: coded.code, detail: coded.message };
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
    };
  }
  const c = t.code;
  const message =
    c === "ENOTFOUND" || c === "EAI_AGAIN"
      ? `cannot resolve ${host}: DNS lookup failed${tag}`
      : c === "ECONNREFUSED"
        ? `connection to ${host} refused${tag}`
        : c === "ECONNRESET" || c === "UND_ERR_SOCKET" || c === "EPIPE"
          ? `connection to ${host} closed before an answer${tag}`
          : `cannot reach ${host}: ${stripControl(t.detail ?? "network error", 160)}${tag}`;
  return { code: "network", message, hint: `Check DNS, firewall and that ${host} is reachable on its port; ${proxyNote()}.` };
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

/** Maps an AADSTS number to a diagnosis; unknown numbers are shown verbatim with Microsoft's lookup page. */
export function diagnoseAadsts(n: number, description: string | null, ctx: SignInContext): Diagnosis {
  const tenant = stripControl(ctx.tenantId, 80);
  const app = stripControl(ctx.applicationId, 80);
  const detail = description ? `: ${description}` : "";
  const tenantHint = `Check the Tenant ID: copy the Directory (tenant) ID (${GUIDE.ids}); also check the cloud setting "${ctx.cloud}": a tenant of another national cloud is not found at ${hostOf(ctx.authorityHost)}.`;
  switch (n) {
    case 90002:
      return { code: "tenant_not_found", message: `tenant "${tenant}" was not found at ${hostOf(ctx.authorityHost)} (AADSTS90002)`, hint: tenantHint };
    case 900023:
      return { code: "AADSTS900023", message: `tenant "${tenant}" is not a valid tenant identifier (AADSTS900023)`, hint: tenantHint };
    case 700016:
      return {
        code: "AADSTS700016",
        message: `application ${app} was not found in tenant ${tenant} (AADSTS700016)`,
        hint: `Check the Application ID: copy the Application (client) ID (${GUIDE.ids}); the app must be registered in this tenant (${GUIDE.register}). A wrong Tenant ID gives the same error.`,
      };
    case 700027:
      return {
        code: "AADSTS700027",
        message: `Entra ID did not accept the certificate (AADSTS700027)${detail}`,
        hint: `Upload this certificate's public key (${GUIDE.certUpload}). The portal's Thumbprint column must show ${ctx.thumbprintSha1.toUpperCase()}, the SHA-1 thumbprint of the active certificate; if it shows another one, upload this certificate or activate the matching one (${GUIDE.finalize}, step 4).`,
      };
    case 700024: {
      const skew = ctx.skewSeconds;
      const clock = typeof skew === "number" ? describeSkew(skew) : "the local clock could not be compared with the server's";
      return {
        code: "clock_skew",
        message: `the sign-in assertion is outside its valid time range (AADSTS700024): ${clock}`,
        hint: "Correct the system clock: enable time synchronisation (e.g. `timedatectl set-ntp true`, chrony or ntpd) and run the check again.",
      };
    }
    case 7000112:
      return {
        code: "AADSTS7000112",
        message: `application ${app} is disabled in tenant ${tenant} (AADSTS7000112)`,
        hint: 'An administrator disabled its sign-in: Azure Portal > Enterprise applications > the app > Properties > "Enabled for users to sign-in?" = Yes.',
      };
    case 53003:
      return {
        code: "AADSTS53003",
        message: `sign-in was blocked by Conditional Access (AADSTS53003)`,
        hint: "Ask an administrator to allow this application or this host's network in the blocking policy (Entra ID > Protection > Conditional Access; the sign-in logs name the policy).",
      };
    case 500011:
      return {
        code: "AADSTS500011",
        message: `the resource ${hostOf(ctx.graphHost)} is not known in tenant ${tenant} (AADSTS500011)`,
        hint: `The Graph host belongs to another cloud: check the cloud setting "${ctx.cloud}" (global, usgov, usgovdod, china) and any Graph host override.`,
      };
    case 50196:
      return {
        code: "AADSTS50196",
        message: `Entra ID stopped a sign-in loop (AADSTS50196)${detail}`,
        hint: "Too many identical sign-ins in a short time: wait a few minutes before testing again.",
      };
    default:
      return {
        code: `AADSTS${n}`,
        message: description ?? `sign-in failed with AADSTS${n}`,
        hint: `Look the code up at https://login.microsoftonline.com/error?code=${n}.`,
      };
  }
}

/** Diagnoses an error thrown by msal's acquireTokenByClientCredential (or before it, by jsonwebtoken). */
export function diagnoseSignInError(err: unknown, ctx: SignInContext): Diagnosis {
  const { number, description } = aadstsOf(err);
  const code = errorCodeOf(err);
  const status = statusOf(err);
  if (number !== null) {
    const d = diagnoseAadsts(number, description, ctx);
    // an unmapped code on a 5xx answer (e.g. AADSTS50000) is the service's problem, not the configuration's
    if (status !== null && status >= 500 && d.hint?.startsWith("Look the code up"))
      return { ...d, hint: `Entra ID answered HTTP ${status}: a temporary service problem; test again in a few minutes.` };
    return d;
  }
  if (status === 429 || code === "temporarily_unavailable")
    return {
      code: "throttled",
      message: `Entra ID is throttling sign-ins at ${hostOf(ctx.authorityHost)}${status ? ` (HTTP ${status})` : ""}`,
      hint: "Wait a minute and test again.",
    };
  if (status !== null && status >= 500)
    return {
      code: "server_error",
      message: `Entra ID answered HTTP ${status} at ${hostOf(ctx.authorityHost)}`,
      hint: "A temporary service problem: test again in a few minutes.",
    };
  if (code === "missing_tenant_id_error" || code === "invalid_authority" || code === "url_parse_error")
    return {
      code,
      message: `the authority ${hostOf(ctx.authorityHost)}/${stripControl(ctx.tenantId, 80)} is not usable (${code})`,
      hint: `Use the Directory (tenant) ID or a verified domain, not common/organizations (${GUIDE.ids}).`,
    };
  if (code) {
    const msg = (err as MsalLikeError).errorMessage;
    return {
      code,
      message: `sign-in failed: ${code}${typeof msg === "string" && msg ? `: ${stripControl(msg, 300)}` : ""}`,
      hint: null,
    };
  }
  // jsonwebtoken / node:crypto refuse the key before any request (encrypted PEM, EC key, RSA < 2048)
  const message = err instanceof Error ? err.message : String(err);
  if (/key|PEM|DECODER|asymmetric|modulusLength|PS256|RS256/i.test(message))
    return {
      code: "invalid_private_key",
      message: `the active certificate's private key cannot sign the sign-in assertion: ${stripControl(message, 200)}`,
      hint: `Generate a new certificate (${GUIDE.generate}) and upload it (${GUIDE.certUpload}).`,
    };
  return { code: "sign_in_failed", message: `sign-in failed: ${stripControl(message, 300)}`, hint: null };
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
