// Signs a tenant administrator in with the OAuth device code flow (msal-node's PublicClientApplication): the
// admin opens a URL on any device, enters a code, and we get a delegated Graph token. Works over SSH, where no
// browser can be opened on this machine.
import type { DeviceCodeRequest, INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { aadstsOf } from "../diagnose.js";
import { authorityOptions } from "../sign-in.js";
import { decodeJwtPayload } from "../token-claims.js";
import { hostOf, stripControl } from "../../text.js";
import { ExitCode } from "../../errors.js";
import { cancelled, directoryRoleNames, RegisterStepError, stepError, transportStepError } from "./failure.js";
import { CLIENT_ID_ENV, DELEGATED_SCOPES, type DeviceCodePrompt, type RegisterAdmin } from "./types.js";

export interface DeviceSignInInput {
  authorityHost: string;
  graphHost: string;
  /** GUID or domain (not common/organizations: the app is registered in one tenant) */
  tenant: string;
  /** the public client the admin signs in to */
  clientId: string;
  /** per HTTP request */
  timeoutMs: number;
  signal?: AbortSignal;
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
}

export interface AdminSession {
  accessToken: string;
  admin: RegisterAdmin;
}

interface LastAnswer {
  url: string;
  status: number | null;
  error?: unknown;
  /** OAuth error fields of a JSON answer */
  oauth?: { error?: string; description?: string; codes?: number[] };
}

/** msal's network module with a timeout, the user's cancel signal, and a memory of the last answer (msal drops STS details while polling). */
class DeviceCodeNetwork implements INetworkModule {
  last: LastAnswer | undefined;
  constructor(
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>("GET", url, options);
  }
  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>("POST", url, options);
  }

  private async send<T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const signals = [AbortSignal.timeout(this.timeoutMs), ...(this.signal ? [this.signal] : [])];
    try {
      const res = await fetch(url, { method, headers: options?.headers, body: method === "POST" ? (options?.body ?? "") : undefined, signal: AbortSignal.any(signals) });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const text = await res.text();
      let body: unknown = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = {};
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) body = {};
      const b = body as { error?: unknown; error_description?: unknown; error_codes?: unknown };
      this.last = {
        url,
        status: res.status,
        oauth:
          typeof b.error === "string"
            ? {
                error: b.error,
                description: typeof b.error_description === "string" ? stripControl(b.error_description.split(/\r?\n/)[0]!, 400) : undefined,
                codes: Array.isArray(b.error_codes) ? b.error_codes.filter((n): n is number => typeof n === "number") : undefined,
              }
            : undefined,
      };
      return { status: res.status, headers, body: body as T };
    } catch (error) {
      this.last = { url, status: null, error };
      throw error;
    }
  }
}

export async function signInWithDeviceCode(input: DeviceSignInInput): Promise<AdminSession> {
  if (input.signal?.aborted) throw cancelled();
  const msal = await import("@azure/msal-node");
  const net = new DeviceCodeNetwork(input.timeoutMs, input.signal);
  const app = new msal.PublicClientApplication({
    auth: { clientId: input.clientId, ...authorityOptions(input.authorityHost, input.tenant) },
    system: { networkClient: net },
  });
  let expiresIn = 900;
  const request: DeviceCodeRequest = {
    scopes: DELEGATED_SCOPES.map((s) => `${input.graphHost}/${s}`),
    deviceCodeCallback: (r) => {
      // msal does not check the device code answer: an STS error arrives here as a response without a code
      const uri = typeof r.verificationUri === "string" ? r.verificationUri : "";
      if (typeof r.userCode !== "string" || r.userCode === "" || !isHttpsUrl(uri)) throw deviceCodeEndpointError(net, input);
      expiresIn = typeof r.expiresIn === "number" && r.expiresIn > 0 ? r.expiresIn : 900;
      input.onDeviceCode({
        verificationUri: uri,
        userCode: stripControl(r.userCode, 40),
        expiresAt: new Date(Date.now() + expiresIn * 1000),
        interval: typeof r.interval === "number" ? r.interval : 5,
        message: stripControl(typeof r.message === "string" ? r.message : "", 400),
      });
    },
  };

  const acquiring = app.acquireTokenByDeviceCode(request);
  acquiring.catch(() => undefined); // when cancelled we stop waiting; msal notices `cancel` at its next poll
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      request.cancel = true;
      reject(cancelled());
    };
    input.signal?.addEventListener("abort", onAbort, { once: true });
  });
  let result: Awaited<typeof acquiring>;
  try {
    result = await Promise.race([acquiring, aborted]);
  } catch (err) {
    throw await explainSignInError(err, net, input, expiresIn);
  } finally {
    if (onAbort) input.signal?.removeEventListener("abort", onAbort);
  }

  const accessToken = result?.accessToken ?? "";
  const claims = accessToken ? decodeJwtPayload(accessToken) : null;
  const tid = typeof claims?.["tid"] === "string" ? claims["tid"] : result?.tenantId;
  if (!accessToken || !tid)
    throw stepError("empty_token", `the sign-in at ${hostOf(input.authorityHost)} returned no usable access token`, `Check that ${hostOf(input.authorityHost)} is Entra ID's login host for this cloud.`);
  const idClaims = (result?.idTokenClaims ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? stripControl(v, 200) : null);
  return {
    accessToken,
    admin: {
      tenantId: tid,
      userPrincipalName: str(claims?.["upn"]) ?? str(idClaims["preferred_username"]) ?? str(result?.account?.username),
      displayName: str(claims?.["name"]) ?? str(idClaims["name"]),
      roles: directoryRoleNames(claims?.["wids"]),
      scopes: typeof claims?.["scp"] === "string" ? claims["scp"].split(" ").filter((s) => s !== "") : [],
    },
  };
}

function isHttpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === "https:";
  } catch {
    return false;
  }
}

/** The device code endpoint answered without a code: say what the STS said. */
function deviceCodeEndpointError(net: DeviceCodeNetwork, input: DeviceSignInInput): RegisterStepError {
  const o = net.last?.oauth;
  if (o?.codes?.[0] !== undefined) return aadstsError(o.codes[0], o.description ?? null, input, net.last?.status ?? null);
  return stepError(
    "device_code_failed",
    `the device code endpoint of ${hostOf(input.authorityHost)} answered${net.last?.status ? ` HTTP ${net.last.status}` : ""} without a sign-in code${o?.description ? `: ${o.description}` : ""}`,
    `Check the Tenant ID and the authority host (${hostOf(input.authorityHost)}).`,
    ExitCode.checkFailed,
    net.last?.status ?? null,
  );
}

async function explainSignInError(err: unknown, net: DeviceCodeNetwork, input: DeviceSignInInput, expiresIn: number): Promise<RegisterStepError> {
  if (err instanceof RegisterStepError) return err;
  if (input.signal?.aborted) return cancelled();
  const e = (err ?? {}) as { errorCode?: unknown; errorMessage?: unknown; errorNo?: unknown; status?: unknown };
  const code = typeof e.errorCode === "string" ? e.errorCode : "";
  if (code === "device_code_polling_cancelled") return cancelled();

  const last = net.last;
  if (last?.error !== undefined) {
    const t = transportStepError(last.error, last.url, input.timeoutMs);
    if (t) return t;
  }
  // While polling, msal keeps only the OAuth `error` ("expired_token"): our network module kept the rest.
  const oauthError = last?.oauth?.error ?? (code === "post_request_failed" && typeof e.errorMessage === "string" ? e.errorMessage : undefined);
  const minutes = Math.max(1, Math.round(expiresIn / 60));
  const again = "Run ibi-entra register again";
  if (code === "device_code_expired" || oauthError === "expired_token" || oauthError === "code_expired")
    return stepError(
      "device_code_expired",
      "the sign-in code expired before anyone signed in with it",
      `${again} and enter the code within ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  if (oauthError === "authorization_declined" || oauthError === "access_denied")
    return stepError(
      "authorization_declined",
      "the sign-in was declined in the browser",
      `${again} and approve the request, signed in as a Global Administrator (or as an Application Administrator who is also Privileged Role Administrator).`,
    );
  if (oauthError === "bad_verification_code")
    return stepError("bad_verification_code", "Entra ID did not recognise the device code", `${again}.`);

  if (code === "endpoints_resolution_error") {
    const facts = await openIdFacts(input);
    if (facts) return facts;
  }
  const n = typeof e.errorNo === "number" ? e.errorNo : typeof e.errorNo === "string" && /^\d+$/.test(e.errorNo) ? Number(e.errorNo) : (last?.oauth?.codes?.[0] ?? aadstsOf(err).number);
  if (n !== null && n !== undefined) return aadstsError(n, last?.oauth?.description ?? aadstsOf(err).description, input, typeof e.status === "number" ? e.status : (last?.status ?? null));
  const text = stripControl(typeof e.errorMessage === "string" && e.errorMessage ? e.errorMessage : err instanceof Error ? err.message : String(err), 300);
  return stepError(code || "sign_in_failed", `sign-in failed: ${text}`, `${again}; check the Tenant ID and the authority host (${hostOf(input.authorityHost)}).`);
}

/** msal hides why the authority could not be resolved: ask the openid configuration ourselves. */
async function openIdFacts(input: DeviceSignInInput): Promise<RegisterStepError | null> {
  const url = `${input.authorityHost}/${encodeURIComponent(input.tenant)}/v2.0/.well-known/openid-configuration`;
  try {
    const res = await fetch(url, { headers: { "Accept-Language": "en-US" }, signal: AbortSignal.timeout(input.timeoutMs) });
    const body = (await res.json().catch(() => null)) as { error_codes?: unknown; error_description?: unknown } | null;
    const n = Array.isArray(body?.error_codes) && typeof body.error_codes[0] === "number" ? body.error_codes[0] : null;
    if (n !== null) return aadstsError(n, typeof body?.error_description === "string" ? stripControl(body.error_description.split(/\r?\n/)[0]!) : null, input, res.status);
    return null;
  } catch (err) {
    return transportStepError(err, url, input.timeoutMs);
  }
}

/** Known AADSTS codes of a device code sign-in, with what to do; others verbatim. */
function aadstsError(n: number, description: string | null, input: DeviceSignInInput, status: number | null): RegisterStepError {
  const said = description ?? `AADSTS${n}`;
  const tenant = stripControl(input.tenant, 100);
  const client = stripControl(input.clientId, 60);
  switch (n) {
    case 90002:
      return stepError("tenant_not_found", `tenant "${tenant}" was not found at ${hostOf(input.authorityHost)} (AADSTS90002)`, "Check the Tenant ID (portal: Microsoft Entra ID > Overview) and the cloud.", ExitCode.usage, status);
    case 900023:
      return stepError("tenant_malformed", `"${tenant}" is not a valid tenant (AADSTS900023)`, "Use the Directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com.", ExitCode.usage, status);
    case 700016:
      return stepError(
        "client_not_found",
        `the public client ${client} used for signing in is not known in tenant "${tenant}" (AADSTS700016)`,
        `Set --client-id (or ${CLIENT_ID_ENV}) to an app registration of this tenant that allows public client flows, or unset it to use the Azure CLI's client.`,
        ExitCode.usage,
        status,
      );
    case 7000218:
    case 700025:
      return stepError(
        "client_not_public",
        `the client ${client} does not allow the device code flow (AADSTS${n})`,
        `In its app registration turn on Authentication > "Allow public client flows", or use the default client.`,
        ExitCode.usage,
        status,
      );
    case 65001:
    case 65002:
    case 65004:
      return stepError(
        "consent_required",
        `the sign-in needs consent to ${DELEGATED_SCOPES.join(" and ")} for client ${client}: ${said}`,
        "Sign in as a Global Administrator, or use --client-id with an app registration of your tenant that has these delegated Graph permissions consented.",
        ExitCode.checkFailed,
        status,
      );
    case 53003:
    case 50076:
    case 50079:
    case 50158:
      return stepError("sign_in_blocked", `the sign-in was blocked: ${said}`, "Complete the multi-factor or device requirements in the browser, or ask who manages Conditional Access.", ExitCode.checkFailed, status);
    default:
      return stepError(`AADSTS${n}`, `sign-in failed: ${said}`, "Run ibi-entra register again; if it keeps failing, look the AADSTS code up at https://login.microsoftonline.com/error.", ExitCode.checkFailed, status);
  }
}
