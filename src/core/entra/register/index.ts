// One-command registration (`ibi-entra register`, and the dashboard later): signs a tenant administrator in with
// the device code flow, does the Azure Portal part of the setup guide through Microsoft Graph, saves Tenant ID
// and Application ID into the profile and runs the connection check. No terminal output: progress goes to
// `onStep`, the sign-in code to `onDeviceCode`.
import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../check.js";
import { stripControl } from "../../text.js";
import { consentUrl } from "../../clouds.js";
import { ExitCode, IbiError, type ExitCodeValue } from "../../errors.js";
import type { NetworkDispatcherOptions } from "../network.js";
import type { Profile, Settings } from "../../store/profile.js";
import { isGuid, printable, validateApplicationId, validateTenantId } from "../../validate.js";
import { signInWithDeviceCode } from "./device-code.js";
import { registerInDirectory } from "./directory.js";
import { RegisterStepError } from "./failure.js";
import { AdminGraph, GraphCallError } from "./graph.js";
import { StepTracker } from "./steps.js";
import {
  APP_ADMIN_ROLES,
  AZURE_CLI_CLIENT_ID,
  CLIENT_ID_ENV,
  CONSENT_ROLES,
  DEFAULT_APP_NAME,
  STEP_TITLES,
  type DeviceCodePrompt,
  type RegisterAdmin,
  type RegisterFailure,
  type RegisterResult,
  type RegisterStep,
  type RegisterStepId,
} from "./types.js";

export * from "./types.js";

export interface RegisterOptions {
  /** display name of a new app registration (default "IBI-helpMe"); renames a reused one when given */
  displayName?: string;
  /** Directory (tenant) ID or domain; default: the profile's */
  tenantId?: string;
  /** reuse this app registration; default: the profile's when it exists in the tenant, else a new one */
  applicationId?: string;
  /** public client to sign in to; default $IBI_ENTRA_REGISTER_CLIENT_ID, else the Azure CLI's */
  clientId?: string;
  env?: NodeJS.ProcessEnv;
  onStep?: (step: RegisterStep) => void;
  onDeviceCode?: (prompt: DeviceCodePrompt) => void;
  /** abort = cancel (Ctrl+C): stops waiting for the sign-in or between Graph calls */
  signal?: AbortSignal;
  /** per HTTP request, default 15 s */
  timeoutMs?: number;
  /** run the connection check at the end (default true) */
  check?: boolean;
  /** after changes, re-check for up to this long while Entra ID propagates them (default 60 s) */
  propagationWaitMs?: number;
  /** waits between retries of a new object's 404 (default about 10 s in all) */
  replicationDelaysMs?: readonly number[];
  /** passed to installNetworkDispatcher (tests add the simulator's CA in-process) */
  network?: NetworkDispatcherOptions;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_PROPAGATION_WAIT_MS = 60_000;
const RECHECK_INTERVAL_MS = 5_000;

/** The public client the admin signs in to, and where that choice came from. */
export function registerClientId(opts: { clientId?: string; env?: NodeJS.ProcessEnv } = {}): { clientId: string; source: "option" | "env" | "default" } {
  const env = opts.env ?? process.env;
  const [clientId, source, field] = opts.clientId
    ? [opts.clientId, "option" as const, "--client-id"]
    : env[CLIENT_ID_ENV]
      ? [env[CLIENT_ID_ENV]!, "env" as const, CLIENT_ID_ENV]
      : [AZURE_CLI_CLIENT_ID, "default" as const, ""];
  if (!isGuid(clientId.trim()))
    throw new IbiError("invalid_client_id", `${field} "${printable(clientId)}" is not valid: use the Application (client) ID of a public client, a GUID`, {
      hint: `leave it unset to sign in through the Azure CLI's public client ${AZURE_CLI_CLIENT_ID}`,
    });
  return { clientId: clientId.trim().toLowerCase(), source };
}

export function validateAppName(name: string): true | string {
  const v = name.trim();
  // eslint-disable-next-line no-control-regex
  if (v === "" || v.length > 120 || /[\u0000-\u001f\u007f-\u009f]/.test(name))
    return `name "${printable(name)}" is not valid: use 1-120 printable characters, e.g. ${DEFAULT_APP_NAME}`;
  return true;
}

/**
 * Registers (or completes) the app for `profile`'s active certificate. Bad input throws an IbiError (exit 2)
 * before anything is sent; everything after the sign-in starts is reported in the result, which lists every step.
 */
export async function registerWithProfile(profile: Profile, opts: RegisterOptions = {}): Promise<RegisterResult> {
  // --- input, checked before the admin is asked to sign in ---
  if (opts.displayName !== undefined) {
    const v = validateAppName(opts.displayName);
    if (v !== true) throw new IbiError("invalid_name", v, { hint: `give the app a name such as ${DEFAULT_APP_NAME}`, next: [{ action: "setInput", field: "name" }] });
  }
  if (opts.applicationId !== undefined) {
    const v = validateApplicationId(opts.applicationId);
    if (v !== true)
      throw new IbiError("invalid_application_id", v, { hint: "give the Application (client) ID of an app registration, or none to register a new app", next: [{ action: "setInput", field: "applicationId" }] });
  }
  const { clientId } = registerClientId(opts);
  const cert = profile.activeCertificate();
  if (!cert)
    throw new IbiError("no_certificate", `profile "${profile.location.name}" has no active certificate to upload`, {
      hint: "generate one first",
      next: [{ action: "generateCertificate" }],
    });
  if (cert.daysLeft < 0)
    throw new IbiError("certificate_expired", `the active certificate ${cert.thumbprintSha1} expired on ${cert.notAfter.slice(0, 10)}`, {
      hint: "generate a new one and activate it",
      next: [{ action: "generateCertificate" }, { action: "activateCertificate" }],
    });
  const settings = await profile.readSettings();
  const tenant = (opts.tenantId ?? settings.tenantId)?.trim();
  if (!tenant)
    throw new IbiError("tenant_required", "register needs the tenant to register the app in: no Tenant ID given and none in the profile", {
      hint: "give the Directory (tenant) ID or a domain such as contoso.onmicrosoft.com",
      next: [{ action: "setInput", field: "tenantId" }],
    });
  const tv = validateTenantId(tenant);
  if (tv !== true)
    throw new IbiError("invalid_tenant_id", tv, { hint: "give the Directory (tenant) ID or a domain such as contoso.onmicrosoft.com", next: [{ action: "setInput", field: "tenantId" }] });
  const { authorityHost, graphHost } = profile.resolveHosts(settings);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const { installNetworkDispatcher } = await import("../network.js");
  installNetworkDispatcher(opts.network);

  const tracker = new StepTracker(opts.onStep);
  let admin: RegisterAdmin | null = null;
  let outcome: Awaited<ReturnType<typeof registerInDirectory>> | null = null;
  let savedApplicationId: string | null = null;
  let error: RegisterFailure | null = null;
  let check: CheckResult | null = null;

  try {
    tracker.start("sign-in");
    const session = await signInWithDeviceCode({
      authorityHost,
      graphHost,
      tenant,
      clientId,
      cloud: settings.cloud,
      timeoutMs,
      signal: opts.signal,
      onDeviceCode: (p) => opts.onDeviceCode?.(p),
    });
    admin = session.admin;
    const who = admin.userPrincipalName ?? "an administrator";
    tracker.end("sign-in", "done", `signed in as ${who}${admin.roles.length ? ` (${admin.roles.join(", ")})` : ""} to tenant ${admin.tenantId}`);
    const tenantId = admin.tenantId;

    const graph = new AdminGraph({ graphHost, accessToken: session.accessToken, timeoutMs, signal: opts.signal, replicationDelaysMs: opts.replicationDelaysMs });
    outcome = await registerInDirectory({
      graph,
      tracker,
      tenantId,
      certificate: { certPem: profile.exportPublicCertificate(cert.thumbprintSha256, "pem").toString("utf8"), thumbprintSha1: cert.thumbprintSha1, subject: cert.subject },
      displayName: opts.displayName?.trim() ?? DEFAULT_APP_NAME,
      renameTo: opts.displayName?.trim(),
      applicationId: opts.applicationId?.trim().toLowerCase(),
      // looked up in this tenant: an ID from another tenant is simply not found there
      profileApplicationId: settings.applicationId,
      saveSettings: async (applicationId) => {
        savedApplicationId = applicationId;
        return saveIds(profile, tenantId, applicationId);
      },
    });

    if (opts.check !== false) {
      tracker.start("check");
      check = await checkWithPropagation(profile, tracker, {
        timeoutMs,
        signal: opts.signal,
        network: opts.network,
        waitMs: tracker.changed() ? (opts.propagationWaitMs ?? DEFAULT_PROPAGATION_WAIT_MS) : 0,
      });
      tracker.end("check", check.ok ? "done" : "failed", check.ok ? "all required permissions work" : checkSummary(check));
    } else tracker.end("check", "skipped");
  } catch (e) {
    const step: RegisterStepId = tracker.current ?? "sign-in";
    const failure = toFailure(e, step, { admin, authorityHost, tenantId: admin?.tenantId ?? tenant, applicationId: outcome?.applicationId ?? savedApplicationId });
    error = { step, ...failure };
    tracker.end(step, "failed", failure.message);
  }

  const exitCode: ExitCodeValue = error ? error.exitCode : check ? (await import("../check.js")).checkExitCode(check) : ExitCode.ok;
  return {
    ok: error === null && (check === null || check.ok),
    changed: tracker.changed(),
    tenantId: admin?.tenantId ?? null,
    applicationId: outcome?.applicationId ?? savedApplicationId,
    applicationObjectId: outcome?.applicationObjectId ?? null,
    servicePrincipalId: outcome?.servicePrincipalId ?? null,
    displayName: outcome?.displayName ?? null,
    admin,
    steps: tracker.list(),
    error,
    check,
    exitCode,
  };
}

async function saveIds(profile: Profile, tenantId: string, applicationId: string): Promise<"created" | "updated" | "unchanged"> {
  const same = (s: Settings) => s.tenantId?.toLowerCase() === tenantId.toLowerCase() && s.applicationId?.toLowerCase() === applicationId.toLowerCase();
  if (same(await profile.readSettings())) return "unchanged";
  // Under the profile's lock, over what is saved at that moment (a `config set` may run meanwhile).
  const { before } = await profile.updateSettings((current) => ({ ...current, tenantId, applicationId }));
  if (same(before)) return "unchanged";
  return before.tenantId === undefined && before.applicationId === undefined ? "created" : "updated";
}

/** Runs the check; after changes, re-checks while the failure looks like Entra ID still propagating them. */
async function checkWithPropagation(
  profile: Profile,
  tracker: StepTracker,
  o: { timeoutMs: number; signal?: AbortSignal; waitMs: number; network?: NetworkDispatcherOptions },
): Promise<CheckResult> {
  const { testConnection } = await import("../profile-check.js");
  const deadline = Date.now() + o.waitMs;
  for (let attempt = 1; ; attempt++) {
    // the same trust as the registration (testConnection re-installs the dispatcher with what it is given)
    const r = await testConnection(profile, { timeoutMs: o.timeoutMs, network: o.network });
    if (r.ok || !propagating(r) || Date.now() + RECHECK_INTERVAL_MS > deadline || o.signal?.aborted) return r;
    tracker.start("check", `waiting for Entra ID to apply the changes (${checkSummary(r)}); check ${attempt + 1}…`);
    try {
      await sleep(RECHECK_INTERVAL_MS, undefined, { signal: o.signal });
    } catch {
      return r;
    }
  }
}

/** Failures a fresh registration shows for a while: app, service principal, certificate or roles not visible yet. */
function propagating(r: CheckResult): boolean {
  if (!r.authentication.ok) return ["AADSTS700016", "AADSTS7000229", "AADSTS700027"].includes(r.authentication.code ?? "");
  return r.permissions.some((p) => !p.ok && !p.granted && p.coveredBy === null);
}

function checkSummary(r: CheckResult): string {
  if (!r.authentication.ok) return stripControl(r.authentication.message, 200);
  const bad = r.permissions.filter((p) => !p.ok).map((p) => p.name);
  return bad.length ? `not working: ${bad.join(", ")}` : "not ready";
}

interface FailureContext {
  admin: RegisterAdmin | null;
  authorityHost: string;
  tenantId: string;
  applicationId: string | null;
}

function toFailure(e: unknown, step: RegisterStepId, ctx: FailureContext): Omit<RegisterFailure, "step"> {
  if (e instanceof RegisterStepError) return e.failure;
  if (e instanceof GraphCallError) return graphFailure(e, step, ctx);
  if (e instanceof IbiError) return { code: e.code, message: e.message, hint: e.hint ?? null, ...(e.next ? { next: e.next } : {}), status: null, exitCode: e.exitCode };
  throw e; // a bug: let the CLI print it with its stack
}

function graphFailure(e: GraphCallError, step: RegisterStepId, ctx: FailureContext): Omit<RegisterFailure, "step"> {
  const said = `Microsoft Graph answered HTTP ${e.status} ${e.code}${e.graphMessage ? `: ${e.graphMessage}` : ""}`;
  const base = { code: e.code, status: e.status, exitCode: ExitCode.checkFailed };
  if (e.status === 403) {
    const consent = step === "consent";
    const roles = consent ? CONSENT_ROLES : APP_ADMIN_ROLES;
    const needs = roles.join(consent ? " or " : ", ").replace(/, ([^,]+)$/, " or $1");
    const scope = consent ? "AppRoleAssignment.ReadWrite.All" : "Application.ReadWrite.All";
    const a = ctx.admin;
    const who = a?.userPrincipalName ?? "the signed-in admin";
    const has = a && a.roles.length ? `${who} has ${a.roles.join(", ")}` : `${who} has no administrator role in the sign-in token`;
    const missingScope = a && !a.scopes.includes(scope) && !a.scopes.includes("Directory.AccessAsUser.All");
    const what = consent ? "Granting admin consent for Microsoft Graph application permissions" : "Creating and changing app registrations";
    const url = consent && ctx.applicationId ? consentUrl(ctx.authorityHost, ctx.tenantId, ctx.applicationId) : null;
    const before = `${what} needs ${needs}; ${has}.${missingScope ? ` The sign-in token also lacks the delegated permission ${scope}.` : ""} Sign in as such an admin and`;
    const then = `(it continues where this run stopped)${url ? `, or have one grant consent at ${url}` : ""}`;
    return {
      ...base,
      message: `${STEP_TITLES[step]} failed: ${said} — the signed-in admin lacks the ${needs} role`,
      hint: `${before} start the registration again ${then}.`,
      next: [{ action: "register", before, then }],
    };
  }
  const [before, then] =
    e.status === 401
      ? ["The sign-in token was refused:", undefined]
      : e.status === 404
        ? ["A new object is not visible yet while Entra ID replicates it:", "in a minute"]
        : e.status === 429 || e.status >= 500
          ? ["Microsoft Graph is busy or unavailable:", "in a few minutes"]
          : [null, undefined];
  if (before === null) return { ...base, message: `${STEP_TITLES[step]} failed: ${said}`, hint: null };
  return {
    ...base,
    message: `${STEP_TITLES[step]} failed: ${said}`,
    hint: `${before} start the registration again${then ? ` ${then}` : ""}.`,
    next: [{ action: "register", before, ...(then ? { then } : {}) }],
  };
}
