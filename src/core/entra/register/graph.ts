// A small Microsoft Graph REST client for registration, on the global fetch (proxies and private CAs apply once
// installNetworkDispatcher() ran). Plain fetch rather than @microsoft/microsoft-graph-client because registration
// needs bounded waits of its own: Retry-After capped for an interactive command, and retries of the 404s a newly
// created object answers while Entra's directory replicates.
import { setTimeout as sleep } from "node:timers/promises";
import { parseRetryAfter, RETRY_STATUSES } from "../retry.js";
import { stripControl } from "../../text.js";
import { cancelled, transportStepError } from "./failure.js";

/** Waits between retries of a new object's 404: 5 more tries, about 10 s in all. */
export const REPLICATION_DELAYS_MS: readonly number[] = [500, 1000, 2000, 3000, 3500];
const MAX_THROTTLE_RETRIES = 3;
const MAX_RETRY_AFTER_S = 10;

export class GraphCallError extends Error {
  constructor(
    readonly status: number,
    /** Graph's error code, e.g. "Authorization_RequestDenied" */
    readonly code: string,
    /** Graph's message, control characters stripped */
    readonly graphMessage: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path}: HTTP ${status} ${code}: ${graphMessage}`);
    this.name = "GraphCallError";
  }
}

export interface AdminGraphOptions {
  graphHost: string;
  accessToken: string;
  timeoutMs: number;
  signal?: AbortSignal;
  replicationDelaysMs?: readonly number[];
}

export interface CallOptions {
  /** retry 404s (and "does not reference a valid application object") of objects created moments ago */
  whileReplicating?: boolean;
}

export class AdminGraph {
  /** every request sent, "METHOD /path" (for tests and diagnostics) */
  readonly requests: string[] = [];
  constructor(private readonly opts: AdminGraphOptions) {}

  get<T>(path: string, call?: CallOptions): Promise<T> {
    return this.call<T>("GET", path, undefined, call) as Promise<T>;
  }
  post<T>(path: string, body: unknown, call?: CallOptions): Promise<T> {
    return this.call<T>("POST", path, body, call) as Promise<T>;
  }
  async patch(path: string, body: unknown, call?: CallOptions): Promise<void> {
    await this.call("PATCH", path, body, call);
  }

  /** Throws GraphCallError for an error answer, RegisterStepError for cancel and transport failures (exit 3). */
  async call<T>(method: string, path: string, body: unknown, call: CallOptions = {}): Promise<T | undefined> {
    const url = `${this.opts.graphHost}${path}`;
    const delays = this.opts.replicationDelaysMs ?? REPLICATION_DELAYS_MS;
    let throttled = 0;
    let replicating = 0;
    for (;;) {
      if (this.opts.signal?.aborted) throw cancelled();
      this.requests.push(`${method} ${path}`);
      let res: Response;
      let text: string;
      try {
        const signals = [AbortSignal.timeout(this.opts.timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])];
        res = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${this.opts.accessToken}`,
            Accept: "application/json",
            // Node's default "Accept-Language: *" is refused by some Graph endpoints
            "Accept-Language": "en-US",
            ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.any(signals),
        });
        text = await res.text();
      } catch (err) {
        if (this.opts.signal?.aborted) throw cancelled();
        throw transportStepError(err, url, this.opts.timeoutMs) ?? err;
      }
      if (res.ok) {
        if (res.status === 204 || text === "") return undefined;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new GraphCallError(res.status, "invalid_json", "the answer is not JSON (a proxy's page?)", method, path);
        }
      }
      const { code, message } = graphErrorOf(text, res.status);
      if (RETRY_STATUSES.has(res.status) && throttled < MAX_THROTTLE_RETRIES) {
        const seconds = Math.min(parseRetryAfter(res.headers.get("retry-after")) ?? 2 ** throttled, MAX_RETRY_AFTER_S);
        throttled++;
        await this.wait(seconds * 1000);
        continue;
      }
      if (call.whileReplicating && replicating < delays.length && isReplicationLag(res.status, message)) {
        await this.wait(delays[replicating++]!);
        continue;
      }
      throw new GraphCallError(res.status, code, message, method, path);
    }
  }

  private async wait(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.opts.signal });
    } catch {
      throw cancelled();
    }
  }
}

/** Graph's `{"error":{"code","message"}}`, with control characters stripped. */
function graphErrorOf(text: string, status: number): { code: string; message: string } {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (e && typeof e.code === "string")
      return { code: stripControl(e.code, 80), message: typeof e.message === "string" ? stripControl(e.message, 400) : "" };
  } catch {
    /* not Graph's JSON */
  }
  return { code: `HTTP ${status}`, message: stripControl(text, 200) };
}

function isReplicationLag(status: number, message: string): boolean {
  return status === 404 || (status === 400 && /does not reference a valid application object|does not exist/i.test(message));
}
