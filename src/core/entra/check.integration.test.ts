// runCheck against the Entra ID + Graph simulator, in-process, over real HTTPS with the simulator's CA trusted
// through installNetworkDispatcher({ extraCaPem }).
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_APP_ID, SAMPLE_TENANT_ID, sampleState, startSimulator, type RunningSimulator, type SimulatorState } from "../../simulator/index.js";
import { REQUIRED_PERMISSIONS } from "../clouds.js";
import { installNetworkDispatcher } from "./network.js";
import { checkExitCode, runCheck, type CheckInput, type CheckResult } from "./check.js";
import { explainDiscoveryFailure } from "./sign-in.js";
import { startConnectProxy } from "../../../test/connect-proxy.test-support.js";
import { makeTestCertificate } from "./certificate.test-support.js";
import type { CheckCertificate } from "./types.js";

let sim: RunningSimulator;
let cert: CheckCertificate;
let served: string[] = [];

function baseline(): SimulatorState {
  const s = sampleState();
  const app = s.tenants[0]!.apps![0]!;
  app.certificates = [{ certPem: cert.certPem }];
  app.grantedRoles = [...REQUIRED_PERMISSIONS];
  return s;
}

async function setState(mutate: (s: SimulatorState) => void = () => {}): Promise<void> {
  const next = baseline();
  mutate(next);
  await sim.update((s) => {
    for (const k of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[k];
    Object.assign(s, next);
  });
  served = [];
}

function input(over: Partial<CheckInput> = {}): CheckInput {
  return {
    tenantId: SAMPLE_TENANT_ID,
    applicationId: SAMPLE_APP_ID,
    cloud: "global",
    authorityHost: sim.baseUrl,
    graphHost: sim.baseUrl,
    certificate: cert,
    ...over,
  };
}

// The simulator logs a request when its response has been flushed, which can be just after the client has it.
async function check(over: Partial<CheckInput> = {}): Promise<CheckResult> {
  const r = await runCheck(input(over));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return r;
}

const tokenPosts = () => served.filter((l) => /^POST \/[^ ]+\/oauth2\/v2\.0\/token/.test(l));
const graphGets = () => served.filter((l) => l.startsWith("GET /v1.0/"));
const perm = (r: CheckResult, name: string) => r.permissions.find((p) => p.name === name)!;

beforeAll(async () => {
  cert = await makeTestCertificate();
  sim = await startSimulator({ state: sampleState(), log: (l) => served.push(l) });
  installNetworkDispatcher({ extraCaPem: [sim.caPem] });
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  installNetworkDispatcher({ extraCaPem: [sim.caPem] });
  await setState();
});

describe("runCheck against the simulator", () => {
  it("all three permissions granted: ok with one token request and one parallel probe round", async () => {
    const r = await check();
    expect(r.authentication).toMatchObject({ ok: true, code: null });
    expect(r.permissions.map((p) => [p.name, p.granted, p.coveredBy, p.probe?.ok, p.probe?.status, p.ok])).toEqual([
      ["Device.Read.All", true, null, true, 200, true],
      ["User.Read.All", true, null, true, 200, true],
      ["GroupMember.Read.All", true, null, true, 200, true],
    ]);
    expect(r.ok).toBe(true);
    expect(checkExitCode(r)).toBe(0);
    expect(r.consentUrl).toBe(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/adminconsent?client_id=${SAMPLE_APP_ID}`);
    // structure, counted from what the simulator served: 1 token POST, then devices/users/groups, then members
    expect(tokenPosts()).toHaveLength(1);
    expect(served[0]).toMatch(/^POST /);
    const gets = graphGets().map((l) => l.split("?")[0]);
    expect(gets).toHaveLength(4);
    expect(gets[3]).toMatch(/^GET \/v1\.0\/groups\/[^/]+\/members$/);
    expect(new Set(gets.slice(0, 3))).toEqual(new Set(["GET /v1.0/devices", "GET /v1.0/users", "GET /v1.0/groups"]));
    expect(served.filter((l) => l.includes("openid-configuration") || l.includes("discovery"))).toEqual([]);
    for (const l of graphGets()) expect(l).toContain("$top=1&$select=id");
  });

  for (const missing of REQUIRED_PERMISSIONS) {
    it(`${missing} missing: not ok, names it and gives the admin-consent URL`, async () => {
      await setState((s) => {
        s.tenants[0]!.apps![0]!.grantedRoles = REQUIRED_PERMISSIONS.filter((p) => p !== missing);
      });
      const r = await check();
      expect(r.ok).toBe(false);
      expect(checkExitCode(r)).toBe(1);
      expect(r.authentication.ok).toBe(true);
      const p = perm(r, missing);
      expect(p).toMatchObject({ granted: false, coveredBy: null, ok: false, probe: { ok: false, status: 403, code: "Authorization_RequestDenied" } });
      expect(p.hint).toContain(missing);
      expect(p.hint).toContain(r.consentUrl);
      expect(p.hint).toContain("Setup API permissions");
      expect(p.hint).toContain("step 11");
      for (const other of REQUIRED_PERMISSIONS.filter((x) => x !== missing)) expect(perm(r, other).ok).toBe(true);
    });
  }

  it("Directory.Read.All covers all three and is reported as more than needed", async () => {
    await setState((s) => {
      s.tenants[0]!.apps![0]!.grantedRoles = ["Directory.Read.All"];
    });
    const r = await check();
    expect(r.ok).toBe(true);
    for (const p of r.permissions) {
      expect(p).toMatchObject({ granted: false, coveredBy: "Directory.Read.All", ok: true, probe: { ok: true } });
      expect(p.hint).toContain("more than IBI-aws needs");
    }
    expect(r.warnings.filter((w) => w.includes("Directory.Read.All"))).toHaveLength(3);
  });

  it("certificate not uploaded: AADSTS700027 with the active SHA-1 thumbprint to compare", async () => {
    await setState((s) => {
      s.tenants[0]!.apps![0]!.certificates = [];
    });
    const r = await check();
    expect(r.authentication).toMatchObject({ ok: false, code: "AADSTS700027" });
    expect(r.authentication.hint).toContain(cert.thumbprintSha1.toUpperCase());
    expect(r.authentication.hint).toContain("Setup certificate authentication");
    expect(r.permissions.every((p) => !p.ok && p.probe === null)).toBe(true);
    expect(checkExitCode(r)).toBe(1);
    expect(graphGets()).toEqual([]);
  });

  it("another certificate uploaded than the active one: AADSTS700027", async () => {
    const other = await makeTestCertificate(30);
    await setState((s) => {
      s.tenants[0]!.apps![0]!.certificates = [{ certPem: other.certPem }];
    });
    const r = await check();
    expect(r.authentication.code).toBe("AADSTS700027");
  });

  it("wrong Application ID: AADSTS700016", async () => {
    const r = await check({ applicationId: "33333333-3333-3333-3333-333333333333" });
    expect(r.authentication).toMatchObject({ ok: false, code: "AADSTS700016" });
    expect(r.authentication.message).toContain("33333333-3333-3333-3333-333333333333");
    expect(r.authentication.hint).toContain("Application (client) ID");
  });

  it("unknown tenant: tenant_not_found (GUID and domain); malformed tenant: AADSTS900023", async () => {
    const r = await check({ tenantId: "99999999-9999-9999-9999-999999999999" });
    expect(r.authentication).toMatchObject({ ok: false, code: "tenant_not_found" });
    expect(r.authentication.hint).toContain("Directory (tenant) ID");
    expect((await check({ tenantId: "fabrikam.onmicrosoft.com" })).authentication.code).toBe("tenant_not_found");
    expect((await check({ tenantId: "contoso.onmicrosoft.com" })).ok).toBe(true);
    expect((await check({ tenantId: "not_a_tenant" })).authentication.code).toBe("AADSTS900023");
  });

  it("when msal hides an unknown tenant as endpoints_resolution_error, the openid configuration says tenant_not_found", async () => {
    const ctx = { tenantId: "fabrikam.onmicrosoft.com", applicationId: SAMPLE_APP_ID, cloud: "global", authorityHost: sim.baseUrl, graphHost: sim.baseUrl, thumbprintSha1: cert.thumbprintSha1, timeoutMs: 5000 };
    const d = await explainDiscoveryFailure({ ...ctx, thumbprintSha256: cert.thumbprintSha256, keyPem: "" }, ctx);
    expect(d.code).toBe("tenant_not_found");
    expect(served.some((l) => l.startsWith("GET /fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration 400"))).toBe(true);
  });

  it("app disabled (7000112) and blocked by Conditional Access (53003)", async () => {
    await setState((s) => {
      s.tenants[0]!.apps![0]!.disabled = true;
    });
    expect((await check()).authentication.code).toBe("AADSTS7000112");
    await setState((s) => {
      s.tenants[0]!.apps![0]!.conditionalAccessBlocked = true;
    });
    expect((await check()).authentication.code).toBe("AADSTS53003");
  });

  it("wrong Graph host for the tenant: AADSTS500011", async () => {
    const r = await check({ graphHost: "https://graph.microsoft.us" });
    expect(r.authentication).toMatchObject({ ok: false, code: "AADSTS500011" });
    expect(r.authentication.hint).toContain("cloud");
  });

  it("server clock an hour ahead: clock_skew with the skew in seconds", async () => {
    await setState((s) => {
      s.clockSkewSeconds = 3600;
    });
    const r = await check();
    expect(r.authentication).toMatchObject({ ok: false, code: "clock_skew" });
    const m = /local clock is (\d+) seconds behind/.exec(r.authentication.message);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m![1]) - 3600)).toBeLessThanOrEqual(2);
    expect(r.authentication.hint).toContain("time synchronisation");
  });

  it("token endpoint 429 then success: honours Retry-After with a fresh client", async () => {
    await setState((s) => {
      s.faults = { token: { status: 429, retryAfter: 1, count: 1 } };
    });
    const t0 = Date.now();
    const r = await check();
    expect(r.ok).toBe(true);
    expect(tokenPosts()).toHaveLength(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it("Graph 429 then success on one probe: retried within the budget", async () => {
    await setState((s) => {
      s.faults = { graph: { status: 429, retryAfter: 1, count: 1, paths: ["/v1.0/users"] } };
    });
    const r = await check();
    expect(r.ok).toBe(true);
    expect(graphGets().filter((l) => l.startsWith("GET /v1.0/users"))).toHaveLength(2);
  });

  it("Retry-After beyond the ~30 s budget is not waited for", async () => {
    await setState((s) => {
      s.faults = { token: { status: 429, retryAfter: 120 }, graph: { status: 503, retryAfter: 120 } };
    });
    const t0 = Date.now();
    const r = await check();
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.authentication).toMatchObject({ ok: false, code: "throttled" });
    expect(r.authentication.message).toContain("retry after 120 s");
    expect(tokenPosts()).toHaveLength(1);
  });

  it("Graph 500s: the probe fails with the status, the permission is not ok", async () => {
    await setState((s) => {
      s.faults = { graph: { status: 500, paths: ["/v1.0/devices"] } };
    });
    const r = await check();
    expect(r.ok).toBe(false);
    const d = perm(r, "Device.Read.All");
    expect(d).toMatchObject({ granted: true, ok: false, probe: { ok: false, status: 500, code: "InternalServerError" } });
    expect(d.hint).toContain("HTTP 500");
    expect(perm(r, "User.Read.All").ok).toBe(true);
    expect(checkExitCode(r)).toBe(1);
  });

  it("token endpoint 500: a service problem, not a configuration one", async () => {
    await setState((s) => {
      s.faults = { token: { status: 500, count: 1 } };
    });
    const r = await check();
    expect(r.authentication.ok).toBe(false);
    expect(r.authentication.hint).toContain("HTTP 500");
  });

  it("a dropped Graph connection is a network failure of that probe only (exit 3)", async () => {
    await setState((s) => {
      s.faults = { dropConnections: { count: 1, scope: "graph" } };
    });
    const r = await check();
    const failed = r.permissions.filter((p) => !p.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.probe).toMatchObject({ ok: false, status: null, code: "network" });
    expect(checkExitCode(r)).toBe(3);
  });

  it("a tenant without groups can only prove GET /groups, and says so", async () => {
    await setState((s) => {
      s.tenants[0]!.groups = [];
    });
    const r = await check();
    const g = perm(r, "GroupMember.Read.All");
    expect(g.ok).toBe(true);
    expect(g.probe?.note).toContain("no groups");
    expect(graphGets()).toHaveLength(3);
  });

  it("probe: false judges by the token's roles only (one request)", async () => {
    await setState((s) => {
      s.tenants[0]!.apps![0]!.grantedRoles = ["Device.Read.All", "User.Read.All"];
    });
    const r = await check({ probe: false });
    expect(served).toHaveLength(1);
    expect(r.permissions.map((p) => [p.name, p.ok, p.probe])).toEqual([
      ["Device.Read.All", true, null],
      ["User.Read.All", true, null],
      ["GroupMember.Read.All", false, null],
    ]);
    expect(perm(r, "GroupMember.Read.All").hint).toContain(r.consentUrl);
  });

  it("a certificate expiring within 30 days sets expiresSoon and a warning", async () => {
    const soon = await makeTestCertificate(10);
    await setState((s) => {
      s.tenants[0]!.apps![0]!.certificates = [{ certPem: soon.certPem }];
    });
    const r = await check({ certificate: soon });
    expect(r.ok).toBe(true);
    expect(r.certificate.expiresSoon).toBe(true);
    expect(r.warnings.some((w) => w.includes("expires in") && w.includes(soon.thumbprintSha1))).toBe(true);
    expect((await check()).certificate.expiresSoon).toBe(false);
  });

  it("latency: 50 ms per response adds well under 200 ms (three sequential round trips)", async () => {
    await check(); // warm up (module loading, connections)
    const t0 = Date.now();
    await check();
    const plain = Date.now() - t0;
    await setState((s) => {
      s.faults = { latencyMs: 50 };
    });
    const t1 = Date.now();
    const r = await check();
    const slow = Date.now() - t1;
    expect(r.ok).toBe(true);
    expect(tokenPosts()).toHaveLength(1);
    expect(graphGets()).toHaveLength(4);
    // token → {devices, users, groups} in parallel → members: 3 × 50 ms; a serial check would take 5 × 50 ms
    expect(slow).toBeLessThan(plain + 200 + 150); // + slack for a busy 2-core machine
    expect(slow).toBeGreaterThanOrEqual(150);
  });

  it("a server slower than timeoutMs: code timeout, exit 3", async () => {
    await setState((s) => {
      s.faults = { latencyMs: 1500 };
    });
    const t0 = Date.now();
    const r = await check({ timeoutMs: 400 });
    expect(Date.now() - t0).toBeLessThan(1400);
    expect(r.authentication).toMatchObject({ ok: false, code: "timeout" });
    expect(checkExitCode(r)).toBe(3);
  });
});

describe("transport failures", () => {
  it("simulator closed: network (connection refused), exit 3", async () => {
    const gone = await startSimulator({ state: baseline() });
    installNetworkDispatcher({ extraCaPem: [gone.caPem] });
    await gone.close();
    const r = await check({ authorityHost: gone.baseUrl, graphHost: gone.baseUrl });
    expect(r.authentication).toMatchObject({ ok: false, code: "network" });
    expect(r.authentication.message).toContain("refused");
    expect(checkExitCode(r)).toBe(3);
  });

  it("unresolvable host: network (DNS)", async () => {
    const r = await check({ authorityHost: "https://login.invalid", graphHost: "https://graph.invalid", timeoutMs: 5000 });
    expect(r.authentication.code).toBe("network");
    expect(r.authentication.message).toContain("cannot resolve login.invalid");
  });

  it("untrusted CA (dispatcher without the simulator's CA): tls with the NODE_EXTRA_CA_CERTS hint", async () => {
    installNetworkDispatcher();
    const r = await check();
    expect(r.authentication).toMatchObject({ ok: false, code: "tls" });
    expect(r.authentication.hint).toContain("NODE_EXTRA_CA_CERTS");
    expect(checkExitCode(r)).toBe(3);
    expect(served).toEqual([]);
  });

  it("HTTPS_PROXY: every request tunnels through the proxy (CONNECT), NO_PROXY honoured", async () => {
    const proxy = await startConnectProxy();
    const connects = proxy.tunnels;
    const saved = { HTTPS_PROXY: process.env["HTTPS_PROXY"], NO_PROXY: process.env["NO_PROXY"], no_proxy: process.env["no_proxy"] };
    try {
      process.env["HTTPS_PROXY"] = proxy.url;
      process.env["NO_PROXY"] = "";
      process.env["no_proxy"] = "";
      installNetworkDispatcher({ extraCaPem: [sim.caPem] });
      const r = await check();
      expect(r.ok).toBe(true);
      expect(connects.length).toBeGreaterThanOrEqual(1);
      expect(new Set(connects)).toEqual(new Set([`127.0.0.1:${sim.port}`]));
      expect(served.length).toBe(5);

      // NO_PROXY exempts the host: no more tunnels
      process.env["NO_PROXY"] = "127.0.0.1";
      process.env["no_proxy"] = "127.0.0.1";
      installNetworkDispatcher({ extraCaPem: [sim.caPem] });
      const before = connects.length;
      expect((await check()).ok).toBe(true);
      expect(connects.length).toBe(before);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      installNetworkDispatcher({ extraCaPem: [sim.caPem] });
      await proxy.close();
    }
  });

  it("a proxy that refuses the tunnel: network, naming the proxy", async () => {
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (_req: http.IncomingMessage, client: net.Socket) => {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const saved = { HTTPS_PROXY: process.env["HTTPS_PROXY"], NO_PROXY: process.env["NO_PROXY"], no_proxy: process.env["no_proxy"] };
    try {
      process.env["HTTPS_PROXY"] = `http://user:pw@127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      process.env["NO_PROXY"] = "";
      process.env["no_proxy"] = "";
      installNetworkDispatcher({ extraCaPem: [sim.caPem] });
      const r = await check();
      expect(r.authentication).toMatchObject({ ok: false, code: "network" });
      expect(r.authentication.hint).toContain(`127.0.0.1:${(proxy.address() as net.AddressInfo).port}`);
      expect(JSON.stringify(r)).not.toContain("user:pw");
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      installNetworkDispatcher({ extraCaPem: [sim.caPem] });
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
