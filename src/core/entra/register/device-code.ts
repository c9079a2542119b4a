// Signs a tenant administrator in with the OAuth device code flow (msal-node's PublicClientApplication): the
// admin opens a URL on any device, enters a code, and we get a delegated Graph token. Works over SSH, where no
// browser can be opened on this machine.
import type { DeviceCodeRequest } from "@azure/msal-node";
import { aadstsOf, describeTransportError, deviceCodeRefused, diagnoseAadstsAnswer, diagnoseDeviceCodeError, diagnoseSignInError, emptyToken, type AdminSignInContext } from "../diagnose.js";
import { authorityOptions, explainDiscoveryFailure, RecordingNetworkModule } from "../msal-network.js";
import { decodeJwtPayload } from "../token-claims.js";
import { stripControl } from "../../text.js";
import { cancelled, diagnosisError, directoryRoleNames, RegisterStepError } from "./failure.js";
import { DELEGATED_SCOPES, type DeviceCodePrompt, type RegisterAdmin } from "./types.js";

export interface DeviceSignInInput {
  authorityHost: string;
  graphHost: string;
  /** GUID or domain (not common/organizations: the app is registered in one tenant) */
  tenant: string;
  /** the public client the admin signs in to */
  clientId: string;
  /** the profile's cloud setting, named in hints about a tenant that is not found */
  cloud: string;
  /** per HTTP request */
  timeoutMs: number;
  signal?: AbortSignal;
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
}

export interface AdminSession {
  accessToken: string;
  admin: RegisterAdmin;
}

/** What the shared diagnosis table needs to word a failure of this sign-in. */
function adminContext(input: DeviceSignInInput): AdminSignInContext {
  return {
    tenantId: input.tenant,
    publicClientId: input.clientId,
    cloud: input.cloud,
    authorityHost: input.authorityHost,
    graphHost: input.graphHost,
    timeoutMs: input.timeoutMs,
  };
}

export async function signInWithDeviceCode(input: DeviceSignInInput): Promise<AdminSession> {
  if (input.signal?.aborted) throw cancelled();
  const msal = await import("@azure/msal-node");
  const net = new RecordingNetworkModule(input.timeoutMs, input.signal);
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
  if (!accessToken || !tid) throw diagnosisError(emptyToken(adminContext(input), net.last?.status ?? null));
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
function deviceCodeEndpointError(net: RecordingNetworkModule, input: DeviceSignInInput): RegisterStepError {
  const last = net.last;
  const o = last?.oauth;
  const ctx = adminContext(input);
  const status = last?.status ?? null;
  if (o?.codes?.[0] !== undefined) return diagnosisError(diagnoseAadstsAnswer(o.codes[0], o.description ?? null, status, ctx), status);
  return diagnosisError(deviceCodeRefused(ctx, status, o?.description), status);
}

async function explainSignInError(err: unknown, net: RecordingNetworkModule, input: DeviceSignInInput, expiresIn: number): Promise<RegisterStepError> {
  if (err instanceof RegisterStepError) return err;
  if (input.signal?.aborted) return cancelled();
  const e = (err ?? {}) as { errorCode?: unknown; errorMessage?: unknown; errorNo?: unknown; status?: unknown };
  const code = typeof e.errorCode === "string" ? e.errorCode : "";
  if (code === "device_code_polling_cancelled") return cancelled();
  const ctx = adminContext(input);

  const last = net.last;
  if (last?.error !== undefined) {
    const t = describeTransportError(last.error, last.url, input.timeoutMs);
    if (t) return diagnosisError(t);
  }
  // While polling, msal keeps only the OAuth `error` ("expired_token"): our network module kept the rest.
  const oauthError = code === "device_code_expired" ? "expired_token" : (last?.oauth?.error ?? (code === "post_request_failed" && typeof e.errorMessage === "string" ? e.errorMessage : undefined));
  const flow = diagnoseDeviceCodeError(oauthError, expiresIn);
  if (flow) return diagnosisError(flow);

  if (code === "endpoints_resolution_error") {
    const d = await explainDiscoveryFailure(ctx, input.signal);
    if (input.signal?.aborted) return cancelled();
    return diagnosisError(d);
  }
  const status = typeof e.status === "number" ? e.status : (last?.status ?? null);
  const n = typeof e.errorNo === "number" ? e.errorNo : typeof e.errorNo === "string" && /^\d+$/.test(e.errorNo) ? Number(e.errorNo) : (last?.oauth?.codes?.[0] ?? aadstsOf(err).number);
  if (n !== null && n !== undefined) return diagnosisError(diagnoseAadstsAnswer(n, last?.oauth?.description ?? aadstsOf(err).description, status, ctx), status);
  return diagnosisError(diagnoseSignInError(err, ctx), status);
}
