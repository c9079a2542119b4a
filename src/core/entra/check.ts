// The "Test connection" check: sign in with the certificate, then judge each permission IBI-aws needs by the
// token's roles claim and by a live Graph read, with a diagnosis naming the guide step that fixes each failure.
// Call installNetworkDispatcher() (src/core/network.ts) first so that proxies and private CAs apply.
import { REQUIRED_PERMISSIONS, consentUrl as buildConsentUrl, type RequiredPermission } from "../clouds.js";
import { GUIDE, coveredHint, missingPermissionHint, probeFailureHint, type SignInContext } from "./diagnose.js";
import { runProbes, type ProbeOutcome } from "./probes.js";
import { RetryBudget } from "./retry.js";
import { signIn } from "./sign-in.js";
import { expiryState } from "../crypto/expiry.js";
import { stripControl } from "../text.js";
import { judgeGrant } from "./token-claims.js";
import { TRANSPORT_CODES, type AuthenticationResult, type CheckInput, type CheckResult, type PermissionResult } from "./types.js";

export type { AuthenticationResult, CheckCertificate, CheckInput, CheckResult, PermissionResult, ProbeResult } from "./types.js";
export { installNetworkDispatcher } from "./network.js";

export const DEFAULT_TIMEOUT_MS = 15_000;
export { EXPIRY_WARNING_DAYS } from "../crypto/expiry.js";

const PROBE_PATHS: Record<RequiredPermission, string> = {
  "Device.Read.All": "/v1.0/devices",
  "User.Read.All": "/v1.0/users",
  "GroupMember.Read.All": "/v1.0/groups → /v1.0/groups/{id}/members",
};

function trimHost(host: string): string {
  return host.replace(/\/+$/, "");
}

export async function runCheck(input: CheckInput): Promise<CheckResult> {
  const now = input.now ?? Date.now;
  const started = now();
  const timeoutMs = input.timeoutMs && input.timeoutMs > 0 ? input.timeoutMs : DEFAULT_TIMEOUT_MS;
  const authorityHost = trimHost(input.authorityHost);
  const graphHost = trimHost(input.graphHost);
  const consentUrl = buildConsentUrl(authorityHost, input.tenantId, input.applicationId);
  const cert = input.certificate;
  const warnings: string[] = [];

  const expiresSoon = expiryState(cert.daysLeft) !== "ok";
  if (cert.daysLeft < 0)
    warnings.push(
      `The certificate ${cert.thumbprintSha1.toUpperCase()} expired on ${cert.notAfter}: generate a new one (${GUIDE.generate}) and upload it (${GUIDE.certUpload}).`,
    );
  else if (expiresSoon)
    warnings.push(
      `The certificate ${cert.thumbprintSha1.toUpperCase()} expires in ${cert.daysLeft} day${cert.daysLeft === 1 ? "" : "s"} (${cert.notAfter}): generate a new one (${GUIDE.generate}), upload it (${GUIDE.certUpload}) and activate it before then.`,
    );

  const ctx: SignInContext = {
    tenantId: input.tenantId,
    applicationId: input.applicationId,
    cloud: input.cloud,
    authorityHost,
    graphHost,
    thumbprintSha1: cert.thumbprintSha1,
    timeoutMs,
  };
  const budget = new RetryBudget();
  const signedIn = await signIn(
    {
      tenantId: input.tenantId,
      applicationId: input.applicationId,
      authorityHost,
      graphHost,
      thumbprintSha256: cert.thumbprintSha256,
      keyPem: cert.keyPem,
    },
    ctx,
    budget,
  );

  let authentication: AuthenticationResult;
  let permissions: PermissionResult[];
  if (!signedIn.ok) {
    const d = signedIn.diagnosis;
    authentication = { ok: false, code: d.code, message: stripControl(d.message, 600), hint: d.hint === null ? null : stripControl(d.hint, 600) };
    permissions = REQUIRED_PERMISSIONS.map((name) => ({
      name,
      granted: false,
      coveredBy: null,
      probe: null,
      ok: false,
      hint: "Not checked: the sign-in failed.",
    }));
  } else {
    const roles = signedIn.roles;
    authentication = {
      ok: true,
      code: null,
      message: `Signed in to tenant ${stripControl(input.tenantId, 80)} as application ${stripControl(input.applicationId, 80)} with certificate ${cert.thumbprintSha1.toUpperCase()}; ${
        roles.length > 0 ? `the token grants ${roles.map((r) => stripControl(r, 80)).join(", ")}` : "the token grants no application permissions"
      }.`,
      hint: null,
    };
    const probing = input.probe !== false;
    const outcomes = probing ? (await runProbes(graphHost, signedIn.accessToken, timeoutMs, budget)).outcomes : null;
    if (!probing) warnings.push("Permissions were judged by the token's roles claim only; a check with probing proves each one with a live Graph read.");
    permissions = REQUIRED_PERMISSIONS.map((name) => judgePermission(name, roles, outcomes?.[name] ?? null, consentUrl, graphHost, warnings));
  }

  const ok = authentication.ok && permissions.every((p) => p.ok);
  return {
    ok,
    tenantId: input.tenantId,
    applicationId: input.applicationId,
    cloud: input.cloud,
    authorityHost,
    graphHost,
    certificate: { thumbprintSha1: cert.thumbprintSha1, thumbprintSha256: cert.thumbprintSha256, notAfter: cert.notAfter, daysLeft: cert.daysLeft, expiresSoon },
    authentication,
    permissions,
    consentUrl,
    warnings,
    durationMs: Math.max(0, now() - started),
  };
}

function judgePermission(
  name: RequiredPermission,
  roles: readonly string[],
  outcome: ProbeOutcome | null,
  consentUrl: string,
  graphHost: string,
  warnings: string[],
): PermissionResult {
  const { granted, coveredBy } = judgeGrant(name, roles);
  const inToken = granted || coveredBy !== null;
  const probe = outcome
    ? {
        ok: outcome.ok,
        status: outcome.status,
        code: outcome.code,
        ...(outcome.note ? { note: outcome.note } : !outcome.ok && outcome.message ? { note: outcome.message } : {}),
      }
    : null;
  const ok = inToken && (outcome === null || outcome.ok);
  let hint: string | null = null;
  if (ok) {
    if (coveredBy !== null) {
      hint = coveredHint(name, coveredBy);
      warnings.push(hint);
    }
  } else if (outcome && !outcome.ok) {
    hint = probeFailureHint(
      name,
      outcome.path,
      { status: outcome.status, code: outcome.code, message: outcome.message, retryAfterSeconds: outcome.retryAfterSeconds },
      inToken,
      consentUrl,
      graphHost,
    );
  } else if (outcome && outcome.ok) {
    // Graph allowed the read (e.g. through User.ReadBasic.All) but the token does not carry the permission itself
    hint = `Graph allowed GET ${PROBE_PATHS[name]}, but the token's roles do not include ${name}${
      roles.length ? ` (it has ${roles.map((r) => stripControl(r, 80)).join(", ")})` : ""
    }: IBI-aws needs ${name} itself. ${missingPermissionHint(name, consentUrl)}`;
  } else {
    hint = missingPermissionHint(name, consentUrl);
  }
  return { name, granted, coveredBy, probe, ok, hint: hint === null ? null : stripControl(hint, 800) };
}

/** 0 all ok; 1 a sign-in or permission failure; 3 nothing definite failed but the network, TLS or a timeout got in the way. */
export function checkExitCode(r: CheckResult): 0 | 1 | 3 {
  if (r.ok) return 0;
  if (!r.authentication.ok) return r.authentication.code !== null && TRANSPORT_CODES.has(r.authentication.code) ? 3 : 1;
  const failed = r.permissions.filter((p) => !p.ok);
  const transportOnly = failed.every((p) => (p.granted || p.coveredBy !== null) && p.probe !== null && p.probe.code !== null && TRANSPORT_CODES.has(p.probe.code));
  return failed.length > 0 && transportOnly ? 3 : 1;
}
