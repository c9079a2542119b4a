// "Test connection" end to end: the built CLI as a real process against the simulator on 127.0.0.1, trusting
// its CA the way an admin would trust a private CA (NODE_EXTRA_CA_CERTS).

import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleState, startSimulator, type RunningSimulator, type SimApp } from "../src/simulator/index.js";
import { startConnectProxy } from "./connect-proxy.test-support.js";
import { removeDir, runCli, tempDir, type CliResult } from "./cli.test-support.js";

const ALL = ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"];
let sim: RunningSimulator;
let home: string;
let env: NodeJS.ProcessEnv;
let certPem: string;
let thumbprintSha1: string;

function json(r: CliResult) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

async function setApp(change: (app: SimApp) => void, faults = {}) {
  await sim.update((s) => {
    const fresh = sampleState();
    s.tenants = fresh.tenants;
    s.faults = faults;
    s.clockSkewSeconds = 0;
    const app = s.tenants[0]!.apps![0]!;
    app.certificates = [{ certPem }];
    app.grantedRoles = [...ALL];
    change(app);
  });
}

beforeAll(async () => {
  home = tempDir();
  sim = await startSimulator({ dir: join(home, "sim"), stateFile: join(home, "sim", "state.json") });
  env = { IBI_ENTRA_HOME: join(home, "profiles"), IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase", NODE_EXTRA_CA_CERTS: sim.caFile };
  const gen = JSON.parse((await runCli(["cert", "generate", "--json"], { env })).stdout);
  thumbprintSha1 = gen.thumbprintSha1;
  certPem = (await runCli(["cert", "export", thumbprintSha1], { env })).stdout;
  const t = sampleState().tenants[0]!;
  const set = await runCli(["config", "set", "--tenant-id", t.id, "--application-id", t.apps![0]!.appId, "--authority-host", sim.baseUrl, "--graph-host", sim.baseUrl], { env });
  expect(set.code, set.stderr).toBe(0);
});

afterAll(async () => {
  await sim.close();
  removeDir(home);
});

beforeEach(async () => setApp(() => undefined));

describe("ibi-entra check against the simulator", () => {
  it("exits 0 with every permission granted, and prints one row per permission", async () => {
    const r = await runCli(["check"], { env });
    expect(r.code, r.stderr).toBe(0);
    for (const p of ALL) expect(r.stdout).toMatch(new RegExp(`✓ ${p.replace(/\./g, "\\.")}\\s+granted`));
    const j = json(await runCli(["check", "--json"], { env }));
    expect(j).toMatchObject({ ok: true, authentication: { ok: true }, certificate: { thumbprintSha1 } });
    expect(j.permissions.map((p: { name: string; ok: boolean }) => [p.name, p.ok])).toEqual(ALL.map((p) => [p, true]));
  });

  it.each(ALL)("exits 1 naming %s when it is missing, with the admin-consent URL", async (missing) => {
    await setApp((app) => (app.grantedRoles = ALL.filter((p) => p !== missing)));
    const r = await runCli(["check", "--json"], { env });
    expect(r.code).toBe(1);
    const j = json(r);
    const bad = j.permissions.filter((p: { ok: boolean }) => !p.ok).map((p: { name: string }) => p.name);
    expect(bad).toEqual([missing]);
    expect(j.consentUrl).toBe(`${sim.baseUrl}/${j.tenantId}/adminconsent?client_id=${j.applicationId}`);
    const human = await runCli(["check"], { env });
    expect(human.stdout).toMatch(new RegExp(`✗ ${missing.replace(/\./g, "\\.")}`));
    expect(human.stdout).toContain("adminconsent?client_id=");
  });

  it("keeps --watch running until consent is granted, then exits 0", async () => {
    await setApp((app) => (app.grantedRoles = ["Device.Read.All"]));
    // Consent is granted once the first check has reported the missing permission, however long that takes here.
    let reported!: () => void;
    const firstReport = new Promise<void>((r) => (reported = r));
    const running = runCli(["check", "--watch", "1"], { env, timeoutMs: 60_000, onStdout: (out) => /✗ User\.Read\.All/.test(out) && reported() });
    await Promise.race([firstReport, running]);
    await setApp(() => undefined);
    const r = await running;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✗ User\.Read\.All/);
    expect(r.stdout).toMatch(/All required permissions work/);
  });

  it("says the certificate was not accepted (AADSTS700027) and shows the active thumbprint", async () => {
    await setApp((app) => (app.certificates = []));
    const r = await runCli(["check", "--json"], { env });
    expect(r.code).toBe(1);
    const j = json(r);
    expect(j.authentication).toMatchObject({ ok: false, code: "AADSTS700027" });
    expect(`${j.authentication.message} ${j.authentication.hint}`).toContain(thumbprintSha1);
  });

  it("says the Application ID is not in the tenant (AADSTS700016)", async () => {
    await setApp((app) => (app.appId = "33333333-3333-3333-3333-333333333333"));
    const j = json(await runCli(["check", "--json"], { env }));
    expect(j.authentication).toMatchObject({ ok: false, code: "AADSTS700016" });
  });

  it("says an unknown tenant is not found", async () => {
    await sim.update((s) => (s.tenants[0]!.id = "99999999-9999-9999-9999-999999999999"));
    const j = json(await runCli(["check", "--json"], { env }));
    expect(j.authentication).toMatchObject({ ok: false, code: "tenant_not_found" });
  });

  it("reports clock skew with the difference in seconds", async () => {
    await setApp(() => undefined);
    await sim.update((s) => (s.clockSkewSeconds = 3600));
    const j = json(await runCli(["check", "--json"], { env }));
    expect(j.authentication.code).toBe("clock_skew");
    expect(`${j.authentication.message} ${j.authentication.hint}`).toMatch(/3[56]\d\d s|1 h|60 min/);
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    await setApp(() => undefined, { token: { status: 429, retryAfter: 1, count: 1 } });
    const r = await runCli(["check", "--json"], { env });
    expect(r.code, r.stdout).toBe(0);
    expect(json(r).durationMs).toBeGreaterThanOrEqual(900);
  });

  it("fails a probe that keeps answering 500, and exits 1", async () => {
    await setApp(() => undefined, { graph: { status: 500, paths: ["/v1.0/users"] } });
    const j = json(await runCli(["check", "--json"], { env }));
    const users = j.permissions.find((p: { name: string }) => p.name === "User.Read.All");
    expect(users).toMatchObject({ ok: false, probe: { ok: false, status: 500 } });
  });

  it("exits 3 with the TLS hint when the simulator's CA is not trusted", async () => {
    const r = await runCli(["check", "--json"], { env: { ...env, NODE_EXTRA_CA_CERTS: "" } });
    expect(r.code).toBe(3);
    const j = json(r);
    expect(j.authentication.code).toBe("tls");
    expect(j.authentication.hint).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("goes through HTTPS_PROXY (a CONNECT proxy) when one is set", async () => {
    const proxy = await startConnectProxy();
    try {
      const r = await runCli(["check", "--json"], { env: { ...env, HTTPS_PROXY: proxy.url, NO_PROXY: "" } });
      expect(r.code, r.stderr).toBe(0);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${sim.port}`]));
    } finally {
      await proxy.close();
    }
  });

  it("exits 3 when the simulator is gone", async () => {
    const other = await startSimulator({ dir: join(home, "sim2") });
    const url = other.baseUrl;
    await other.close();
    const profileEnv = { ...env };
    const r0 = await runCli(["config", "set", "--authority-host", url, "--graph-host", url, "--profile", "gone"], { env: profileEnv });
    expect(r0.code).toBe(0);
    // the "gone" profile has no certificate: copy the setup through import of a PFX from the main profile
    const pfx = join(home, "id.pfx");
    await runCli(["cert", "export", thumbprintSha1, "--pfx", "--out", pfx], { env: { ...env, IBI_ENTRA_PFX_PASSWORD: "x" } });
    expect((await runCli(["cert", "import", pfx, "--profile", "gone"], { env: { ...env, IBI_ENTRA_PFX_PASSWORD: "x" } })).code).toBe(0);
    const t = sampleState().tenants[0]!;
    await runCli(["config", "set", "--profile", "gone", "--tenant-id", t.id, "--application-id", t.apps![0]!.appId], { env });
    const r = await runCli(["check", "--json", "--profile", "gone"], { env });
    expect(r.code).toBe(3);
    expect(json(r).authentication.code).toBe("network");
  });

  it("prints the admin-consent URL", async () => {
    const r = await runCli(["consent-url"], { env });
    expect(r.code).toBe(0);
    const t = sampleState().tenants[0]!;
    expect(r.stdout.trim()).toBe(`${sim.baseUrl}/${t.id}/adminconsent?client_id=${t.apps![0]!.appId}`);
  });

  it("refuses an incomplete profile with exit 2 naming what is missing", async () => {
    const r = await runCli(["check"], { env: { ...env, IBI_ENTRA_HOME: join(home, "empty") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/certificate, Tenant ID, Application ID not set/);
  });
});

