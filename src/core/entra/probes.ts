// Live proof of each permission: one least-privilege Graph read per permission, all in parallel, through
// @microsoft/microsoft-graph-client. The token is acquired before the client is built (a failure inside its
// auth provider would lose the AADSTS details), and its RetryHandler is bounded by the check's shared budget.
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import type { RequiredPermission } from "../clouds.js";
import { describeTransportError } from "./diagnose.js";
import { RETRY_STATUSES, RetryBudget, parseRetryAfter } from "./retry.js";
import { stripControl } from "../text.js";

export interface ProbeOutcome {
  permission: RequiredPermission;
  /** the request that decided the outcome, e.g. "/v1.0/groups/{id}/members" */
  path: string;
  ok: boolean;
  status: number | null;
  /** Graph error code, or "network" / "tls" / "timeout" */
  code: string | null;
  message: string | null;
  retryAfterSeconds: number | null;
  note?: string;
}

/** Terminal middleware: fetch with a per-attempt timeout, remembering what fetch alone knows (status, cause). */
class TimedFetchHandler implements Middleware {
  readonly errors = new Map<string, unknown>();
  readonly statuses = new Map<string, number>();
  requests = 0;
  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    this.requests++;
    try {
      context.response = await fetch(context.request, { ...context.options, signal: AbortSignal.timeout(this.timeoutMs) });
      this.statuses.set(url, context.response.status);
    } catch (err) {
      this.errors.set(url, err);
      throw err;
    }
  }
}

interface GraphErrorLike {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  headers?: { get(name: string): string | null } | undefined;
}

export interface ProbeRun {
  outcomes: Record<RequiredPermission, ProbeOutcome>;
  requests: number;
}

export async function runProbes(graphHost: string, accessToken: string, timeoutMs: number, budget: RetryBudget): Promise<ProbeRun> {
  const g = await import("@microsoft/microsoft-graph-client");
  const fetchHandler = new TimedFetchHandler(timeoutMs);
  // Graph's own RetryHandler honours Retry-After (capped at 180 s): let it retry only while the budget lasts.
  const retryOptions = new g.RetryHandlerOptions(1, 3, (delay, attempt, _request, _options, response) => {
    const after = parseRetryAfter(response.headers.get("retry-after"));
    // the handler's own delay without Retry-After: delay (+ backoff from the 2nd retry) + up to 1 s of jitter
    const seconds = after ?? (attempt >= 1 ? Math.round(0.5 * (2 ** (attempt + 1) - 1)) : 0) + delay + 1;
    return budget.allows(seconds * 1000);
  });
  const authProvider = { getAccessToken: async () => accessToken };
  const client = g.Client.initWithMiddleware({
    baseUrl: graphHost,
    // the token is only attached for known Graph hosts or these, matched by hostname without port
    customHosts: new Set([new URL(graphHost).hostname]),
    // Node's fetch sends "Accept-Language: *", which some Graph endpoints reject
    fetchOptions: { headers: { "Accept-Language": "en-US" } },
    middleware: [
      new g.AuthenticationHandler(authProvider),
      new g.RetryHandler(retryOptions),
      new g.RedirectHandler(new g.RedirectHandlerOptions()),
      new g.TelemetryHandler(),
      fetchHandler,
    ],
  });

  const failure = (permission: RequiredPermission, path: string, err: unknown): ProbeOutcome => {
    const e = (err ?? {}) as GraphErrorLike;
    const status = typeof e.statusCode === "number" && e.statusCode > 0 ? e.statusCode : null;
    if (status === null) {
      // no HTTP answer: GraphError drops fetch's cause; the fetch handler kept it
      const url = `${graphHost}/v1.0${path}`;
      const raw = [...fetchHandler.errors.entries()].find(([u]) => u.split("?")[0] === url)?.[1];
      const timedOut = e.code === "TimeoutError" || e.code === "AbortError";
      const d = describeTransportError(raw ?? (timedOut ? { name: "TimeoutError" } : err), url, timeoutMs);
      if (d) return { permission, path: `/v1.0${path}`, ok: false, status: null, code: d.code, message: d.message, retryAfterSeconds: null };
    }
    const retryAfter = status !== null && RETRY_STATUSES.has(status) ? parseRetryAfter(e.headers?.get("retry-after") ?? null) : null;
    return {
      permission,
      path: `/v1.0${path}`,
      ok: false,
      status,
      code: typeof e.code === "string" ? stripControl(e.code, 80) : null,
      message: typeof e.message === "string" && e.message ? stripControl(e.message, 300) : null,
      retryAfterSeconds: retryAfter,
    };
  };

  const read = (path: string): Promise<{ value?: unknown }> => client.api(path).top(1).select("id").get() as Promise<{ value?: unknown }>;
  const success = (permission: RequiredPermission, path: string, note?: string): ProbeOutcome => {
    const status = [...fetchHandler.statuses.entries()].find(([u]) => u.split("?")[0] === `${graphHost}/v1.0${path}`)?.[1] ?? 200;
    return { permission, path: `/v1.0${path}`, ok: true, status, code: null, message: null, retryAfterSeconds: null, ...(note ? { note } : {}) };
  };
  const probe = async (permission: RequiredPermission, path: string): Promise<ProbeOutcome> => {
    try {
      await read(path);
      return success(permission, path);
    } catch (err) {
      return failure(permission, path, err);
    }
  };
  const probeGroupMembers = async (): Promise<ProbeOutcome> => {
    const permission = "GroupMember.Read.All" as const;
    let groups: { value?: unknown };
    try {
      groups = await read("/groups");
    } catch (err) {
      return failure(permission, "/groups", err);
    }
    const first = Array.isArray(groups.value) ? (groups.value[0] as { id?: unknown } | undefined) : undefined;
    if (typeof first?.id !== "string")
      return success(permission, "/groups", "the tenant has no groups: only GET /groups could be checked, not reading a group's members");
    const path = `/groups/${encodeURIComponent(first.id)}/members`;
    try {
      await read(path);
      return success(permission, path);
    } catch (err) {
      return failure(permission, path, err);
    }
  };

  const [devices, users, members] = await Promise.all([
    probe("Device.Read.All", "/devices"),
    probe("User.Read.All", "/users"),
    probeGroupMembers(),
  ]);
  return { outcomes: { "Device.Read.All": devices, "User.Read.All": users, "GroupMember.Read.All": members }, requests: fetchHandler.requests };
}
