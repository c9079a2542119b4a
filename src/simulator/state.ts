// The simulator's world: tenants, apps, directory objects and injected faults. Held in memory or in a JSON
// file that is re-read whenever it changes on disk, so a test (or a person running `ibi-entra simulate`) can
// grant consent or add a fault while the server runs.
import fs from "node:fs";
import path from "node:path";

/**
 * A state the simulator cannot use. Its own type (not core's IbiError): the simulator shares no code with what it
 * tests. `ibi-entra simulate` turns it into a usage error (exit 2) printing `message` and `hint`.
 */
export class SimulatorStateError extends Error {
  override readonly name = "SimulatorStateError";
  constructor(
    readonly code: "invalid_simulator_state" | "simulator_state_unreadable",
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SimUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  [field: string]: unknown;
}
export interface SimDevice {
  id: string;
  displayName?: string;
  [field: string]: unknown;
}
export interface SimGroup {
  id: string;
  displayName?: string;
  /** ids of users, devices or groups of the same tenant */
  members?: string[];
  [field: string]: unknown;
}
export interface SimAppCertificate {
  certPem: string;
}
export interface SimApp {
  appId: string;
  displayName?: string;
  /** → AADSTS7000112 */
  disabled?: boolean;
  /** → AADSTS53003 */
  conditionalAccessBlocked?: boolean;
  /** uploaded public keys, matched by x5t#S256 / x5t computed from the DER */
  certificates?: SimAppCertificate[];
  /** application permissions with admin consent, by value (e.g. "User.Read.All") */
  grantedRoles?: string[];
}
export interface SimTenant {
  id: string;
  domains?: string[];
  users?: SimUser[];
  devices?: SimDevice[];
  groups?: SimGroup[];
  apps?: SimApp[];
}

export type FaultScope = "token" | "graph" | "all";
export interface StatusFault {
  /** e.g. 429, 500, 503 */
  status: number;
  /** seconds, sent as Retry-After */
  retryAfter?: number;
  /** how many matching requests get this answer; absent = every one */
  count?: number;
  /** Graph only: paths it applies to (exact, `*` matches one path segment); absent = all Graph paths */
  paths?: string[];
}
export interface DropFault {
  count?: number;
  scope?: FaultScope;
}
export interface SimFaults {
  latencyMs?: number;
  token?: StatusFault;
  graph?: StatusFault;
  dropConnections?: DropFault;
}
export interface SimulatorState {
  /** the server's clock = real clock + skew */
  clockSkewSeconds?: number;
  faults?: SimFaults;
  tenants: SimTenant[];
}

export const SAMPLE_TENANT_ID = "11111111-1111-1111-1111-111111111111";
export const SAMPLE_APP_ID = "22222222-2222-2222-2222-222222222222";

/** A demo tenant whose app lacks GroupMember.Read.All and has no certificate yet. */
export function sampleState(): SimulatorState {
  const users: SimUser[] = [
    { id: "a0000000-0000-4000-8000-000000000001", displayName: "Adele Vance", userPrincipalName: "adele@contoso.onmicrosoft.com" },
    { id: "a0000000-0000-4000-8000-000000000002", displayName: "Alex Wilber", userPrincipalName: "alex@contoso.onmicrosoft.com" },
    { id: "a0000000-0000-4000-8000-000000000003", displayName: "Megan Bowen", userPrincipalName: "megan@contoso.onmicrosoft.com" },
    { id: "a0000000-0000-4000-8000-000000000004", displayName: "Nestor Wilke", userPrincipalName: "nestor@contoso.onmicrosoft.com" },
  ];
  return {
    clockSkewSeconds: 0,
    faults: {},
    tenants: [
      {
        id: SAMPLE_TENANT_ID,
        domains: ["contoso.onmicrosoft.com"],
        users,
        devices: [
          { id: "d0000000-0000-4000-8000-000000000001", displayName: "PC-001" },
          { id: "d0000000-0000-4000-8000-000000000002", displayName: "PC-002" },
          { id: "d0000000-0000-4000-8000-000000000003", displayName: "LAPTOP-ADELE" },
        ],
        groups: [
          { id: "b0000000-0000-4000-8000-000000000001", displayName: "IT", members: [users[0]!.id, users[3]!.id] },
          { id: "b0000000-0000-4000-8000-000000000002", displayName: "Sales", members: [users[1]!.id, users[2]!.id] },
        ],
        apps: [
          {
            appId: SAMPLE_APP_ID,
            displayName: "IBI-helpMe",
            disabled: false,
            conditionalAccessBlocked: false,
            certificates: [],
            grantedRoles: ["Device.Read.All", "User.Read.All"],
          },
        ],
      },
    ],
  };
}

/** Checks the shape the server relies on; throws a SimulatorStateError naming the first bad field. */
export function parseState(value: unknown, source: string): SimulatorState {
  const fail = (field: string, what: string): never => {
    throw new SimulatorStateError(
      "invalid_simulator_state",
      `simulator state ${source}: "${field}" ${what}`,
      "Fix the JSON (see sampleState() in src/simulator/state.ts for an example).",
    );
  };
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const optArray = (v: unknown, field: string): unknown[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) fail(field, "must be an array");
    return v as unknown[];
  };
  const optNumber = (v: unknown, field: string): void => {
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v))) fail(field, "must be a number");
  };
  const idOf = (v: unknown, field: string): void => {
    if (!isObj(v)) fail(field, "must be an object");
    if (typeof (v as Record<string, unknown>).id !== "string") fail(`${field}.id`, "must be a string");
  };

  if (!isObj(value)) fail("(root)", "must be a JSON object");
  const s = value as Record<string, unknown>;
  optNumber(s.clockSkewSeconds, "clockSkewSeconds");
  if (s.faults !== undefined) {
    if (!isObj(s.faults)) fail("faults", "must be an object");
    const f = s.faults as Record<string, unknown>;
    optNumber(f.latencyMs, "faults.latencyMs");
    for (const k of ["token", "graph"] as const) {
      const sf = f[k];
      if (sf === undefined) continue;
      if (!isObj(sf)) fail(`faults.${k}`, "must be an object");
      const o = sf as Record<string, unknown>;
      if (typeof o.status !== "number" || o.status < 400 || o.status > 599) fail(`faults.${k}.status`, "must be an HTTP error status 400-599");
      optNumber(o.retryAfter, `faults.${k}.retryAfter`);
      optNumber(o.count, `faults.${k}.count`);
      for (const [i, p] of optArray(o.paths, `faults.${k}.paths`).entries()) if (typeof p !== "string") fail(`faults.${k}.paths[${i}]`, "must be a string");
    }
    if (f.dropConnections !== undefined) {
      if (!isObj(f.dropConnections)) fail("faults.dropConnections", "must be an object");
      const d = f.dropConnections as Record<string, unknown>;
      optNumber(d.count, "faults.dropConnections.count");
      if (d.scope !== undefined && !["token", "graph", "all"].includes(d.scope as string)) fail("faults.dropConnections.scope", "must be token, graph or all");
    }
  }
  if (!Array.isArray(s.tenants)) fail("tenants", "must be an array");
  for (const [ti, t] of (s.tenants as unknown[]).entries()) {
    const at = `tenants[${ti}]`;
    idOf(t, at);
    const tenant = t as Record<string, unknown>;
    for (const [i, d] of optArray(tenant.domains, `${at}.domains`).entries()) if (typeof d !== "string") fail(`${at}.domains[${i}]`, "must be a string");
    for (const k of ["users", "devices", "groups"] as const) {
      for (const [i, o] of optArray(tenant[k], `${at}.${k}`).entries()) idOf(o, `${at}.${k}[${i}]`);
    }
    for (const [i, g] of optArray(tenant.groups, `${at}.groups`).entries()) {
      for (const [j, m] of optArray((g as Record<string, unknown>).members, `${at}.groups[${i}].members`).entries())
        if (typeof m !== "string") fail(`${at}.groups[${i}].members[${j}]`, "must be a string (an object id)");
    }
    for (const [i, a] of optArray(tenant.apps, `${at}.apps`).entries()) {
      const aa = `${at}.apps[${i}]`;
      if (!isObj(a)) fail(aa, "must be an object");
      const app = a as Record<string, unknown>;
      if (typeof app.appId !== "string") fail(`${aa}.appId`, "must be a string");
      for (const [j, c] of optArray(app.certificates, `${aa}.certificates`).entries())
        if (!isObj(c) || typeof c.certPem !== "string") fail(`${aa}.certificates[${j}].certPem`, "must be a PEM string");
      for (const [j, r] of optArray(app.grantedRoles, `${aa}.grantedRoles`).entries()) if (typeof r !== "string") fail(`${aa}.grantedRoles[${j}]`, "must be a string");
    }
  }
  return value as unknown as SimulatorState;
}

export type TenantLookup =
  | { kind: "found"; tenant: SimTenant }
  | { kind: "unknown" }
  | { kind: "malformed" }
  /** common / organizations / consumers */
  | { kind: "multi"; name: string };

// What Entra takes as a tenant in the URL path: a GUID, or a DNS name with at least one dot. Written here rather than
// taken from core's validation, so that a bug there cannot hide in the fake too.
const TENANT_GUID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function isTenantSegment(segment: string): boolean {
  const t = segment.trim();
  if (TENANT_GUID.test(t)) return true;
  if (t.length > 253) return false;
  const labels = t.split(".");
  const top = labels[labels.length - 1]!;
  return labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l)) && /^[a-z]/i.test(top) && top.length >= 2;
}

/** Finds a tenant by GUID or by one of its domains (case-insensitive), as Entra does in the URL path. */
export function resolveTenant(state: SimulatorState, segment: string): TenantLookup {
  const t = segment.toLowerCase();
  if (t === "common" || t === "organizations" || t === "consumers") return { kind: "multi", name: t };
  if (!isTenantSegment(t)) return { kind: "malformed" };
  const tenant = state.tenants.find((x) => x.id.toLowerCase() === t || (x.domains ?? []).some((d) => d.toLowerCase() === t));
  return tenant ? { kind: "found", tenant } : { kind: "unknown" };
}

/**
 * Current state, from memory or from a file. `current()` stats the file (cheap) and reloads it when its
 * identity, size or mtime changed; a file that does not parse (e.g. caught half-written) keeps the previous
 * state and is retried on the next request.
 */
export class StateStore {
  private state: SimulatorState;
  private fileKey = "";
  /** bumped on every change, so fault counters start afresh */
  generation = 0;

  private constructor(
    initial: SimulatorState,
    private readonly file: string | undefined,
    private readonly warn: (msg: string) => void,
  ) {
    this.state = initial;
  }

  static open(opts: { stateFile?: string; state?: SimulatorState; warn?: (msg: string) => void }): StateStore {
    const warn = opts.warn ?? (() => {});
    if (!opts.stateFile) return new StateStore(parseState(structuredClone(opts.state ?? sampleState()), "(in memory)"), undefined, warn);
    const file = path.resolve(opts.stateFile);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileAtomic(file, JSON.stringify(opts.state ?? sampleState(), null, 2) + "\n");
    }
    const store = new StateStore({ tenants: [] }, file, warn);
    const key = statKey(file);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new SimulatorStateError("simulator_state_unreadable", `simulator state file ${file} cannot be read: ${(e as Error).message}`, undefined, { cause: e });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new SimulatorStateError(
        "invalid_simulator_state",
        `simulator state ${file} is not valid JSON: ${(e as Error).message}`,
        "Fix the JSON or delete the file to start again from the demo tenant.",
      );
    }
    store.state = parseState(json, file);
    store.fileKey = key ?? "";
    return store;
  }

  get stateFile(): string | undefined {
    return this.file;
  }

  current(): SimulatorState {
    if (this.file) this.reloadIfChanged(this.file);
    return this.state;
  }

  async update(mutator: (s: SimulatorState) => void): Promise<void> {
    const next = structuredClone(this.current());
    mutator(next);
    parseState(next, this.file ?? "(in memory)");
    if (this.file) {
      writeFileAtomic(this.file, JSON.stringify(next, null, 2) + "\n");
      this.fileKey = statKey(this.file) ?? "";
    }
    this.state = next;
    this.generation++;
  }

  // ---- register (issue 5) ----
  /**
   * A change the server makes itself (Graph writes): saved like update(), but synchronously and without
   * bumping `generation`, so injected faults keep their counts across it.
   */
  applyServerChange(mutator: (s: SimulatorState) => void): SimulatorState {
    const next = structuredClone(this.current());
    mutator(next);
    if (this.file) {
      writeFileAtomic(this.file, JSON.stringify(next, null, 2) + "\n");
      this.fileKey = statKey(this.file) ?? "";
    }
    this.state = next;
    return next;
  }
  // ---- end register (issue 5) ----

  private reloadIfChanged(file: string): void {
    const key = statKey(file);
    if (key === undefined || key === this.fileKey) return; // deleted mid-run: keep serving the last state
    let next: SimulatorState;
    try {
      next = parseState(JSON.parse(fs.readFileSync(file, "utf8")), file);
    } catch (e) {
      this.warn(`state file not reloaded, keeping the previous state: ${(e as Error).message}`);
      return;
    }
    this.state = next;
    this.fileKey = key;
    this.generation++;
  }
}

function statKey(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/** temp file + rename, so a reader never sees half a file */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

// ---- register (issue 5): device-code sign-in and app administration through Graph --------------------------
// Declaration merging keeps these additions in one place. Apps created through Graph are ordinary `apps`
// entries, so the token endpoint sees their certificates and granted roles (one source of truth).

/** The administrator who approves a device code. */
export interface SimAdminUser {
  id?: string;
  userPrincipalName?: string;
  displayName?: string;
  /** directory roles by display name, e.g. "Global Administrator", "Application Administrator" */
  roles?: string[];
}

/** How the device-code flow behaves; absent = every code is approved on the 2nd poll by a Global Administrator. */
export interface SimDeviceCodeSettings {
  /** approve codes by themselves (default true); false = wait for POST /_sim/device/approve */
  autoApprove?: boolean;
  /** token polls answered authorization_pending before an automatic approval (default 1) */
  approveAfterPolls?: number;
  /** answer authorization_declined (the user refused) */
  deny?: boolean;
  /** answer expired_token (the code ran out) */
  expire?: boolean;
  /** seconds, in the device code response (defaults 900 and 1) */
  expiresIn?: number;
  interval?: number;
  user?: SimAdminUser;
}

export interface SimResourceAccess {
  id: string;
  type: string;
}
export interface SimRequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: SimResourceAccess[];
}

export interface SimAppCertificate {
  /** keyCredential metadata set through Graph */
  keyId?: string;
  displayName?: string;
}

export interface SimApp {
  /** object id (Graph's `id`); absent = derived from tenant and appId */
  id?: string;
  signInAudience?: string;
  requiredResourceAccess?: SimRequiredResourceAccess[];
  /** false = no service principal yet (client-credentials sign-in fails with AADSTS7000229); absent = present */
  servicePrincipal?: boolean;
}

export interface SimFaults {
  /** objects created through Graph answer 404 (or "not a valid application") for their first `reads` reads */
  replicationLag?: { reads: number };
}

export interface SimulatorState {
  deviceCodes?: SimDeviceCodeSettings;
}
// ---- end register (issue 5) ---------------------------------------------------------------------------------
