// A local HTTPS stand-in for Entra ID (login) and Microsoft Graph on one origin, for tests and demos:
// `startSimulator()` in-process, `ibi-entra simulate` through `runSimulatorCli()`.
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { createSimulatorTls, writeTlsFiles } from "./ca.js";
import { entraError, entraFault, entraText, graphFault, newGuid, type Reply, type RequestContext } from "./errors.js";
import { handleGraphRequest } from "./graph.js";
import { resolveTenant, StateStore, type FaultScope, type SimTenant, type SimulatorState, type StatusFault } from "./state.js";
import { handleTokenRequest, type TokenSigner } from "./token-endpoint.js";
// register (issue 5): device-code sign-in and app administration through Graph
import { DeviceCodeRegistry, isDeviceCodeGrant } from "./device-code.js";
import { handleGraphAdminRequest, isGraphAdminPath, ReplicationLag, type GraphAdminEnv } from "./graph-admin.js";

export { sampleState, SimulatorStateError, SAMPLE_APP_ID, SAMPLE_TENANT_ID } from "./state.js";
export type { SimulatorState, SimTenant, SimApp, SimUser, SimDevice, SimGroup, SimFaults, StatusFault, DropFault } from "./state.js";
export type { SimAdminUser, SimDeviceCodeSettings } from "./state.js"; // register (issue 5)

export interface SimulatorOptions {
  /** 0 / undefined = random free port; always binds 127.0.0.1 */
  port?: number;
  /** JSON state, re-read when it changes on disk; created with sampleState() (or `state`) if missing */
  stateFile?: string;
  /** folder for ca.pem and server.pem (default: a new temp dir, removed on close) */
  dir?: string;
  /** initial state when there is no stateFile */
  state?: SimulatorState;
  /** one line per request ("POST /x/oauth2/v2.0/token 200") and warnings; default: silent */
  log?: (line: string) => void;
  /** register (issue 5): sees every request with its body (tests assert what clients send) */
  onRequest?: (request: { method: string; path: string; body: string }) => void;
}

export interface RunningSimulator {
  port: number;
  /** https://127.0.0.1:PORT — authority host and Graph host at once */
  baseUrl: string;
  caFile: string;
  caPem: string;
  stateFile?: string;
  getState(): SimulatorState;
  /** changes the state; writes the state file (atomically) when there is one */
  update(mutator: (s: SimulatorState) => void): Promise<void>;
  /** closes the server and destroys open sockets */
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = opts.log ?? (() => {});
  const store = StateStore.open({ stateFile: opts.stateFile, state: opts.state, warn: (m) => log(`warning: ${m}`) });
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ibi-entra-sim-"));
  const tls = await createSimulatorTls();
  const caFile = writeTlsFiles(dir, tls);
  const signer: TokenSigner = { key: tls.key, kid: crypto.createHash("sha1").update(new crypto.X509Certificate(tls.certPem).raw).digest("base64url") };

  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem });
  server.on("secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  // A client that resets mid-handshake must not take the process down.
  server.on("tlsClientError", () => {});
  server.on("clientError", (_e, socket) => socket.destroy());

  let baseUrl = "";
  const faults = new FaultCounters();
  // ---- register (issue 5) ----
  const deviceCodes = new DeviceCodeRegistry();
  const adminEnv: GraphAdminEnv = { commit: (m) => void store.applyServerChange(m), lag: new ReplicationLag() };
  // ---- end register (issue 5) ----
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      log(`error: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) {
        try {
          send(res, { status: 500, body: { error: "server_error", error_description: "The simulator failed to handle this request." } }, undefined);
        } catch {
          res.destroy();
        }
      } else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const state = store.current();
    faults.resetIf(store.generation);
    const skewMs = (state.clockSkewSeconds ?? 0) * 1000;
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const url = new URL(`${baseUrl}${rawUrl.startsWith("/") ? "" : "/"}${rawUrl}`);
    // msal sends its correlation id both as a header and as ?client-request-id= on the token URL
    const rawCrid = req.headers["client-request-id"] ?? url.searchParams.get("client-request-id");
    const ctx: RequestContext = {
      baseUrl,
      nowMs: Date.now() + skewMs,
      clientRequestId: typeof rawCrid === "string" && /^[\w-]{1,100}$/.test(rawCrid) ? rawCrid : newGuid(),
      requestId: newGuid(),
    };
    const body = await readBody(req);
    opts.onRequest?.({ method, path: url.pathname, body: body ?? "" }); // register (issue 5)
    res.on("finish", () => log(`${method} ${url.pathname}${url.search} ${res.statusCode}`));

    const scope = scopeOf(url.pathname);
    const f = state.faults ?? {};
    if (f.latencyMs && f.latencyMs > 0) await sleep(f.latencyMs);
    const drop = f.dropConnections;
    if (drop && ((drop.scope ?? "all") === "all" || drop.scope === scope) && faults.take("drop", drop)) {
      log(`${method} ${url.pathname} (connection dropped)`);
      req.socket.destroy();
      return;
    }
    const statusFault = scope === "token" ? f.token : scope === "graph" && f.graph && pathMatches(f.graph, url.pathname) ? f.graph : undefined;
    if (statusFault && faults.take(scope!, statusFault)) {
      const headers: Record<string, string> = statusFault.retryAfter !== undefined ? { "Retry-After": String(statusFault.retryAfter) } : {};
      send(res, scope === "token" ? entraFault(ctx, statusFault.status, headers) : graphFault(ctx, statusFault.status, headers), ctx);
      return;
    }
    send(res, route(ctx, method, url, body, req.headers.authorization, state), ctx);
  }

  function route(ctx: RequestContext, method: string, url: URL, body: string | undefined, authorization: string | undefined, state: SimulatorState): Reply {
    if (body === undefined) return entraError(ctx, 413, "invalid_request", 90009, "The request body is too large.");
    const p = url.pathname;
    // ---- register (issue 5) ----
    if (p === "/_sim/device/approve") return method === "POST" ? deviceCodes.approve(body, ctx.nowMs) : notFound(ctx, method, p);
    const admin = isGraphAdminPath(p) ? handleGraphAdminRequest(ctx, method, url, body, authorization, state, signer, adminEnv) : undefined;
    if (admin) return admin;
    // ---- end register (issue 5) ----
    if (scopeOf(p) === "graph") return handleGraphRequest(ctx, method, url, authorization, state, signer);

    const seg = p.split("/").slice(1);
    if (p === "/common/discovery/instance") {
      if (method !== "GET") return notFound(ctx, method, p);
      const host = new URL(baseUrl).host;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: `${baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    }
    const tenantSeg = safeDecode(seg[0] ?? "");
    const rest = seg.slice(1).join("/");
    const known = rest === "v2.0/.well-known/openid-configuration" || rest === "oauth2/v2.0/token" || rest === "discovery/v2.0/keys" || rest === "oauth2/v2.0/devicecode";
    if (!known || tenantSeg === "") return notFound(ctx, method, p);

    const lookup = resolveTenant(state, tenantSeg);
    const shown = tenantSeg.slice(0, 100);
    const isToken = rest === "oauth2/v2.0/token";
    // ---- register (issue 5): the device authorization endpoint ----
    if (rest === "oauth2/v2.0/devicecode") {
      if (method !== "POST") return entraError(ctx, 400, "invalid_request", 900561, entraText.onlyPost(method));
      if (lookup.kind === "malformed") return entraError(ctx, 400, "invalid_request", 900023, entraText.tenantMalformed(shown));
      if (lookup.kind === "unknown") return entraError(ctx, 400, "invalid_tenant", 90002, entraText.tenantNotFound(shown));
      if (lookup.kind === "multi") return entraError(ctx, 400, "invalid_request", 50059, entraText.noTenant());
      return deviceCodes.issue(ctx, lookup.tenant, new URLSearchParams(body), state.deviceCodes);
    }
    // ---- end register (issue 5) ----
    if (isToken && method !== "POST") return entraError(ctx, 400, "invalid_request", 900561, entraText.onlyPost(method));
    if (!isToken && method !== "GET") return notFound(ctx, method, p);
    if (lookup.kind === "malformed") return entraError(ctx, 400, "invalid_request", 900023, entraText.tenantMalformed(shown));
    if (lookup.kind === "unknown") return entraError(ctx, 400, isToken ? "invalid_request" : "invalid_tenant", 90002, entraText.tenantNotFound(shown));

    if (rest === "v2.0/.well-known/openid-configuration") return { status: 200, body: openIdConfiguration(lookup.kind === "found" ? lookup.tenant.id : lookup.name, lookup.kind === "multi") };
    if (rest === "discovery/v2.0/keys") return { status: 200, body: { keys: [jwk()] } };
    if (lookup.kind === "multi") return entraError(ctx, 400, "invalid_request", 50059, entraText.noTenant());
    const form = new URLSearchParams(body);
    if (isDeviceCodeGrant(form.get("grant_type"))) return deviceCodes.redeem(ctx, lookup.tenant as SimTenant, form, state.deviceCodes, signer); // register (issue 5)
    return handleTokenRequest(ctx, lookup.tenant as SimTenant, tenantSeg, form, signer);
  }

  function openIdConfiguration(tenant: string, multi: boolean): Record<string, unknown> {
    const b = baseUrl;
    const host = new URL(b).host;
    return {
      token_endpoint: `${b}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${b}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${b}/${multi ? "{tenantid}" : tenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${b}/oidc/userinfo`,
      authorization_endpoint: `${b}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${b}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${b}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
      kerberos_endpoint: `${b}/${tenant}/kerberos`,
      tenant_region_scope: "EU",
      cloud_instance_name: host,
      cloud_graph_host_name: host,
      msgraph_host: host,
      rbac_url: b,
    };
  }

  function jwk(): Record<string, unknown> {
    const pub = crypto.createPublicKey(signer.key).export({ format: "jwk" });
    return { kty: "RSA", use: "sig", kid: signer.kid, x5t: signer.kid, n: pub.n, e: pub.e, x5c: [new crypto.X509Certificate(tls.certPem).raw.toString("base64")] };
  }

  function send(res: ServerResponse, reply: Reply, ctx: RequestContext | undefined): void {
    // register (issue 5): no body (undefined) for 204 No Content
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.statusCode = reply.status;
    if (reply.body !== undefined) res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Cache-Control", "no-store, no-cache");
    if (reply.body !== undefined) res.setHeader("Content-Length", Buffer.byteLength(text));
    if (ctx) {
      res.setHeader("Date", new Date(ctx.nowMs).toUTCString());
      res.setHeader("x-ms-request-id", ctx.requestId);
      res.setHeader("request-id", ctx.requestId);
      res.setHeader("client-request-id", ctx.clientRequestId);
    }
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  baseUrl = `https://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    port,
    baseUrl,
    caFile,
    caPem: tls.caPem,
    stateFile: store.stateFile,
    getState: () => structuredClone(store.current()),
    update: (mutator) => store.update(mutator),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }).then(() => {
        if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
      });
      return closing;
    },
  };
}

/** "token" for the token endpoint, "graph" for /v1.0/…, undefined for discovery and anything else. */
function scopeOf(pathname: string): Exclude<FaultScope, "all"> | undefined {
  if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(pathname)) return "token";
  if (pathname === "/v1.0" || pathname.startsWith("/v1.0/")) return "graph";
  return undefined;
}

/** Graph fault paths: exact, with `*` standing for one path segment; no paths = every Graph path. */
function pathMatches(fault: StatusFault, pathname: string): boolean {
  if (!fault.paths || fault.paths.length === 0) return true;
  return fault.paths.some((p) => new RegExp(`^${p.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+")}/?$`).test(pathname));
}

/** How many times each fault has fired; forgotten whenever the state changes. */
class FaultCounters {
  private used = new Map<string, number>();
  private generation = -1;
  resetIf(generation: number): void {
    if (generation !== this.generation) {
      this.used.clear();
      this.generation = generation;
    }
  }
  /** true when the fault fires for this request */
  take(kind: string, fault: { count?: number }): boolean {
    if (fault.count === undefined) return true;
    const key = `${kind}:${JSON.stringify(fault)}`;
    const n = this.used.get(key) ?? 0;
    if (n >= fault.count) return false;
    this.used.set(key, n + 1);
    return true;
  }
}

function notFound(ctx: RequestContext, method: string, p: string): Reply {
  return { status: 404, body: { error: "not_found", error_description: `The simulator has no endpoint ${method} ${p.slice(0, 200)}.`, trace_id: ctx.requestId, correlation_id: ctx.clientRequestId } };
}

/** The body as text, or undefined when it exceeds MAX_BODY. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `ibi-entra simulate`: starts the simulator (state file defaults to state.json beside ca.pem, created from the
 * demo tenant), prints one JSON line {port, caFile, baseUrl, stateFile} on stdout, logs requests on stderr and
 * closes on SIGINT/SIGTERM.
 */
export async function runSimulatorCli(opts: { port?: number; stateFile?: string } = {}): Promise<RunningSimulator> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-entra-sim-"));
  const stateFile = path.resolve(opts.stateFile ?? path.join(dir, "state.json"));
  let sim: RunningSimulator;
  try {
    sim = await startSimulator({ port: opts.port, stateFile, dir, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true }); // e.g. a bad state file: leave nothing behind
    throw e;
  }
  process.stdout.write(`${JSON.stringify({ port: sim.port, caFile: sim.caFile, baseUrl: sim.baseUrl, stateFile })}\n`);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    stopping ??= sim.close().finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    return stopping;
  };
  const onSignal = () => void stop();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { ...sim, close: stop };
}
