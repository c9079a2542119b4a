// Signs in with the certificate (client credentials, PS256 assertion with x5t#S256) and explains failures.
// A fresh ConfidentialClientApplication per attempt: msal keeps a token cache and a throttle memory per instance
// that would otherwise answer a re-check without asking Entra ID.
import type { Configuration } from "@azure/msal-node";
import { describeTransportError, diagnoseSignInError, emptyToken, throttledAnswer, type Diagnosis, type SignInContext } from "./diagnose.js";
import { authorityOptions, explainDiscoveryFailure as explainForContext, fetchFacts, RecordingNetworkModule, type Exchange } from "./msal-network.js";
import { RETRY_STATUSES, RetryBudget, parseRetryAfter, sleep } from "./retry.js";
import { tokenRoles } from "./token-claims.js";

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

/** server clock − local clock in seconds, from a Date header (1 s resolution). */
function skewFrom(date: string | null | undefined, receivedAt: number): number | null {
  if (!date) return null;
  const server = Date.parse(date);
  return Number.isNaN(server) ? null : Math.round((server - receivedAt) / 1000);
}

/** msal rewraps discovery failures (unknown tenant included) as endpoints_resolution_error: ask ourselves. */
export function explainDiscoveryFailure(_input: SignInInput, ctx: SignInContext): Promise<Diagnosis> {
  return explainForContext(ctx);
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
      if (accessToken === "") return { ok: false, requests, diagnosis: emptyToken(ctx, last?.status ?? null) };
      return { ok: true, accessToken, roles: tokenRoles(accessToken), requests };
    }

    // No HTTP answer: msal says only "network_error"; the recorded transport error says why.
    if (last?.error !== undefined) {
      const d = describeTransportError(last.error, last.url, ctx.timeoutMs);
      if (d) return { ok: false, requests, diagnosis: d };
    }
    const code = (thrown as { errorCode?: unknown }).errorCode;
    if (code === "endpoints_resolution_error") return { ok: false, requests, diagnosis: await explainForContext(ctx) };
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
      diagnosis = throttledAnswer(ctx, last.status, parseRetryAfter(last.headers["retry-after"]));
    }
    return { ok: false, requests, diagnosis };
  }
}
