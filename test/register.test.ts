// `ibi-entra register` end to end: the BUILT CLI as a real process against the simulator on 127.0.0.1 (device code
// sign-in, Graph app administration, then the real client-credentials check), trusted via NODE_EXTRA_CA_CERTS.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Profile, resolveProfileLocation } from "../src/core/store/profile.js";
import { sampleState, SAMPLE_APP_ID, SAMPLE_TENANT_ID, startSimulator, type RunningSimulator, type SimulatorState } from "../src/simulator/index.js";
import { CLI, expectUsageError, removeDir, runCli, tempDir, type CliResult } from "./cli.test-support.js";

const GRAPH = "00000003-0000-0000-c000-000000000000";
const REQUIRED = ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"];
const PASSPHRASE = "register cli test passphrase";

let sim: RunningSimulator;
let home: string;
let env: NodeJS.ProcessEnv;
const requests: { method: string; path: string; body: string }[] = [];

function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { env, timeoutMs: 60_000 });
}

async function ok(p: Promise<CliResult>): Promise<CliResult> {
  const r = await p;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

async function resetState(tweak?: (s: SimulatorState) => void): Promise<void> {
  const next = sampleState();
  next.deviceCodes = { interval: 1, approveAfterPolls: 1 };
  tweak?.(next);
  await sim.update((s) => {
    for (const k of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[k];
    Object.assign(s, next);
  });
}

const apps = () => sim.getState().tenants[0]!.apps!;

beforeAll(async () => {
  sim = await startSimulator({ state: sampleState(), onRequest: (r) => requests.push(r) });
});

afterAll(async () => {
  await sim?.close();
});

describe("ibi-entra register", () => {
  beforeEach(async () => {
    if (home) removeDir(home);
    home = tempDir("ibi-entra-register-");
    env = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: PASSPHRASE, NODE_EXTRA_CA_CERTS: sim.caFile, IBI_ENTRA_REGISTER_CLIENT_ID: "" };
    await resetState();
    await ok(cli(["cert", "generate"]));
    await ok(cli(["config", "set", "--tenant-id", "contoso.onmicrosoft.com", "--authority-host", sim.baseUrl, "--graph-host", sim.baseUrl]));
    requests.length = 0;
  });
  afterAll(() => removeDir(home));

  it("registers a fresh app, consents, saves the IDs and passes the check; the private key is never sent", async () => {
    const r = await ok(cli(["register"]));
    expect(r.stderr).toMatch(new RegExp(`open ${sim.baseUrl.replace(/[.]/g, "\\.")}/devicelogin in a browser on any device and enter the code [A-Z2-9]{9}`));
    expect(r.stderr).toContain("Waiting for the sign-in (the code expires in 15 minutes; Ctrl+C cancels)");
    expect(r.stderr).not.toContain("\x1b]52"); // no clipboard escape when stderr is not a terminal
    expect(r.stderr).toMatch(/Register application \(created\): created "IBI-helpMe", single tenant/);
    expect(r.stderr).toMatch(/Grant admin consent \(created\): granted Device\.Read\.All, User\.Read\.All, GroupMember\.Read\.All/);
    expect(r.stdout).toMatch(/^Registered "IBI-helpMe": Tenant ID 11111111-1111-1111-1111-111111111111, Application ID [0-9a-f-]{36}\n/);
    expect(r.stdout).toContain("All required permissions work");

    const created = apps().find((a) => a.appId !== SAMPLE_APP_ID)!;
    expect(created).toMatchObject({ displayName: "IBI-helpMe", signInAudience: "AzureADMyOrg", servicePrincipal: true });
    expect([...created.grantedRoles!].sort()).toEqual([...REQUIRED].sort());
    const shown = JSON.parse((await ok(cli(["config", "show", "--json"]))).stdout);
    expect(shown).toMatchObject({ tenantId: SAMPLE_TENANT_ID, applicationId: created.appId });
    await ok(cli(["check"]));

    const profile = await Profile.open(resolveProfileLocation({ IBI_ENTRA_HOME: home }), { env });
    const keyPem = await profile.loadPrivateKey(profile.activeCertificate()!.thumbprintSha256);
    const keyBase64 = keyPem.replace(/-----[^-]+-----/g, "").replace(/\s/g, "");
    const sent = requests.map((q) => q.body).join("\n");
    expect(sent).toContain(profile.exportPublicCertificate(profile.activeCertificate()!.thumbprintSha256, "der").toString("base64"));
    expect(sent).not.toContain("PRIVATE KEY");
    for (let i = 0; i + 40 <= keyBase64.length; i += 40) expect(sent).not.toContain(keyBase64.slice(i, i + 40));
    for (const enc of [Buffer.from(keyBase64, "base64").toString("base64url"), Buffer.from(keyBase64, "base64").toString("hex")])
      for (let i = 0; i + 40 <= enc.length; i += 97) expect(sent).not.toContain(enc.slice(i, i + 40));
  });

  it("says \"no changes\" on a second run and changes nothing", async () => {
    await ok(cli(["register"]));
    const before = JSON.stringify(sim.getState());
    requests.length = 0;
    const r = await ok(cli(["register"]));
    expect(r.stdout).toMatch(/^No changes: "IBI-helpMe" \(Application ID [0-9a-f-]{36}\) was already registered/);
    for (const step of ["Register application", "Upload certificate (Certificates & secrets)", "Grant admin consent"]) expect(r.stderr).toContain(`${step} (unchanged)`);
    expect(JSON.stringify(sim.getState())).toBe(before);
    expect(requests.filter((q) => q.path.startsWith("/v1.0/") && q.method !== "GET")).toEqual([]);
  });

  it("completes an existing app that has one permission: adds the rest, the certificate and the consent (--json)", async () => {
    await resetState((s) => {
      s.deviceCodes = { interval: 1 };
      const app = s.tenants[0]!.apps![0]!;
      app.grantedRoles = ["User.Read.All"];
      app.requiredResourceAccess = [{ resourceAppId: GRAPH, resourceAccess: [{ id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" }] }];
    });
    const r = await ok(cli(["register", "--application-id", SAMPLE_APP_ID, "--json"]));
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: true, changed: true, applicationId: SAMPLE_APP_ID, tenantId: SAMPLE_TENANT_ID, error: null, exitCode: 0 });
    expect(Object.fromEntries(result.steps.map((s: { id: string; status: string }) => [s.id, s.status]))).toMatchObject({
      application: "unchanged",
      certificate: "updated",
      permissions: "updated",
      "service-principal": "unchanged",
      consent: "updated",
      check: "done",
    });
    expect(result.steps.find((s: { id: string }) => s.id === "permissions").detail).toBe("added Device.Read.All, GroupMember.Read.All");
    expect(result.check.ok).toBe(true);
    expect(apps()).toHaveLength(1);
    expect([...apps()[0]!.grantedRoles!].sort()).toEqual([...REQUIRED].sort());
    expect(apps()[0]!.requiredResourceAccess![0]!.resourceAccess.map((a) => a.id).sort()).toEqual(
      ["7438b122-aefc-4978-80ed-43db9fcc7715", "df021288-bdef-4463-88db-98f22de89214", "98830695-27a2-44f7-8c18-0c3ebc9698f6"].sort(),
    );
  });

  it("stops with exit 1 naming the missing role when the admin cannot grant consent, listing what was and was not done", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 1, user: { userPrincipalName: "alex@contoso.onmicrosoft.com", roles: ["Application Administrator"] } }));
    const r = await cli(["register"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('ibi-entra: register stopped at "Grant admin consent": Grant admin consent failed: Microsoft Graph answered HTTP 403 Authorization_RequestDenied');
    expect(r.stderr).toContain("the signed-in admin lacks the Privileged Role Administrator or Global Administrator role");
    expect(r.stderr).toContain("alex@contoso.onmicrosoft.com has Application Administrator");
    expect(r.stderr).toMatch(/ {2}done: Sign in as a tenant administrator \(device code\); .*Register application; Save Tenant ID and Application ID; Upload certificate .*; Service principal \(Enterprise application\)\n/);
    expect(r.stderr).toContain("  not done: Grant admin consent; Test connection\n");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const created = apps().find((a) => a.appId !== SAMPLE_APP_ID)!;
    expect(created.grantedRoles).toEqual([]);
  });

  it("stops at the app registration with exit 1 when the admin has no administrator role", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 1, user: { userPrincipalName: "megan@contoso.onmicrosoft.com", roles: [] } }));
    const r = await cli(["register"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('register stopped at "Register application"');
    expect(r.stderr).toContain("lacks the Application Administrator, Cloud Application Administrator or Global Administrator role");
    expect(r.stderr).toContain("megan@contoso.onmicrosoft.com has no administrator role");
    expect(r.stderr).toContain("  not done: Register application; Save Tenant ID and Application ID;");
    expect(apps()).toHaveLength(1);
  });

  it("fails with exit 1 and a clear message when the device code expires or the sign-in is declined", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 1, expire: true }));
    const expired = await cli(["register"]);
    expect(expired.code, expired.stderr).toBe(1);
    expect(expired.stderr).toContain('ibi-entra: register stopped at "Sign in as a tenant administrator (device code)": the sign-in code expired before anyone signed in with it');
    expect(expired.stderr).toContain("hint: Run ibi-entra register again and enter the code within 15 minutes.");

    await resetState((s) => (s.deviceCodes = { interval: 1, deny: true }));
    const declined = await cli(["register"]);
    expect(declined.code, declined.stderr).toBe(1);
    expect(declined.stderr).toContain("the sign-in was declined in the browser");
    expect(apps()).toHaveLength(1);
    expect(requests.some((q) => q.path.startsWith("/v1.0/"))).toBe(false);
  });

  it("cancels promptly on Ctrl+C while waiting for the sign-in (exit 2, nothing created)", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 5, autoApprove: false }));
    const child = spawn(process.execPath, [CLI, "register"], { env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let sent = 0;
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      if (!sent && stderr.includes("Waiting for the sign-in")) {
        sent = Date.now();
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(sent).toBeGreaterThan(0);
    expect(Date.now() - sent).toBeLessThan(2500); // not held by msal's 5 s polling interval
    expect(code, stderr).toBe(2);
    expect(stderr).toContain('register stopped at "Sign in as a tenant administrator (device code)": cancelled (Ctrl+C)');
    expect(apps()).toHaveLength(1);
  });

  it("refuses bad input with exit 2 before anyone signs in", async () => {
    expectUsageError(await cli(["register", "--tenant-id", "organizations"]), /Tenant ID "organizations" is not valid/);
    expectUsageError(await cli(["register", "--client-id", "azure-cli"]), /--client-id "azure-cli" is not valid/);
    const noCert = tempDir("ibi-entra-register-empty-");
    try {
      const r = await runCli(["register", "--tenant-id", "contoso.onmicrosoft.com"], { env: { ...env, IBI_ENTRA_HOME: noCert } });
      expectUsageError(r, /has no active certificate to upload/);
      expect(r.stderr).toContain("hint: generate one first with: ibi-entra cert generate");
    } finally {
      removeDir(noCert);
    }
    expect(requests).toEqual([]);
  });

  it("exits 3 with the TLS cause when the login host is not trusted", async () => {
    const r = await runCli(["register"], { env: { ...env, NODE_EXTRA_CA_CERTS: undefined } });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`TLS connection to 127.0.0.1:${sim.port} failed: the server's certificate is not signed by a trusted CA`);
    expect(r.stderr).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("reports an unknown tenant as bad input (exit 2)", async () => {
    const r = await cli(["register", "--tenant-id", "fabrikam.onmicrosoft.com"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('tenant "fabrikam.onmicrosoft.com" was not found');
  });
});
