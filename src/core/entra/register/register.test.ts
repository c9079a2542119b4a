// The registration core in-process against the simulator (real HTTPS, real msal device code flow, a real profile
// with a file vault). The check at the end is covered through the built CLI (test/register.test.ts); here the
// resulting app is proven with a client-credentials check run directly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCheck } from "../check.js";
import { installNetworkDispatcher } from "../network.js";
import { Profile, resolveProfileLocation } from "../../store/profile.js";
import { sampleState, SAMPLE_TENANT_ID, startSimulator, type RunningSimulator, type SimulatorState } from "../../../simulator/index.js";
import { httpsRequest } from "../../../simulator/simulator.test-support.js";
import { registerWithProfile, type DeviceCodePrompt, type RegisterOptions, type RegisterStep } from "./index.js";

const ENV = { IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "register test passphrase" };
const REQUIRED = ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"];

let sim: RunningSimulator;
let home: string;
let profile: Profile;
const bodies: { method: string; path: string; body: string }[] = [];

async function resetState(tweak?: (s: SimulatorState) => void): Promise<void> {
  const next = sampleState();
  tweak?.(next);
  await sim.update((s) => {
    for (const k of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[k];
    Object.assign(s, next);
  });
}

function tenant() {
  return sim.getState().tenants[0]!;
}

async function run(extra: RegisterOptions = {}) {
  const steps: RegisterStep[] = [];
  const prompts: DeviceCodePrompt[] = [];
  const result = await registerWithProfile(profile, {
    tenantId: SAMPLE_TENANT_ID,
    env: {},
    check: false,
    replicationDelaysMs: [50, 100, 200, 300, 400],
    network: { extraCaPem: [sim.caPem] },
    onStep: (s) => steps.push(s),
    onDeviceCode: (p) => prompts.push(p),
    ...extra,
  });
  const final = Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
  return { result, steps, prompts, final };
}

beforeAll(async () => {
  sim = await startSimulator({ state: sampleState(), onRequest: (r) => bodies.push(r) });
  installNetworkDispatcher({ extraCaPem: [sim.caPem] });
  home = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-register-core-"));
});

afterAll(async () => {
  await sim?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

beforeEach(async () => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  profile = await Profile.open(resolveProfileLocation({ IBI_ENTRA_HOME: home }, "default"), { env: ENV });
  await profile.saveSettings({ cloud: "global", authorityHost: sim.baseUrl, graphHost: sim.baseUrl });
  await profile.generateCertificate({ subject: "CN=IBI-helpMe" });
  bodies.length = 0;
  await resetState((s) => (s.deviceCodes = { interval: 1, approveAfterPolls: 1 }));
});

describe("registerWithProfile against the simulator", () => {
  it("registers a new app, saves the IDs, and the app then signs in with the certificate and all three roles", async () => {
    const { result, prompts, steps, final } = await run();
    expect(result.error).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(result.changed).toBe(true);
    expect(final).toEqual({
      "sign-in": "done",
      lookup: "done",
      application: "created",
      settings: "created",
      certificate: "created",
      permissions: "created",
      "service-principal": "created",
      consent: "created",
      check: "skipped",
    });
    // every step is announced as running before it ends
    expect(steps.filter((s) => s.status === "running").map((s) => s.id).slice(0, 3)).toEqual(["sign-in", "lookup", "application"]);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.verificationUri).toBe(`${sim.baseUrl}/devicelogin`);
    expect(prompts[0]!.userCode).toMatch(/^[A-Z2-9]{9}$/);
    expect(result.admin).toMatchObject({ tenantId: SAMPLE_TENANT_ID, userPrincipalName: "admin@contoso.onmicrosoft.com", roles: ["Global Administrator"] });

    const app = tenant().apps!.find((a) => a.appId === result.applicationId)!;
    expect(app).toMatchObject({ displayName: "IBI-helpMe", signInAudience: "AzureADMyOrg", servicePrincipal: true });
    expect([...app.grantedRoles!].sort()).toEqual([...REQUIRED].sort());
    expect(app.requiredResourceAccess).toEqual([
      {
        resourceAppId: "00000003-0000-0000-c000-000000000000",
        resourceAccess: [
          { id: "7438b122-aefc-4978-80ed-43db9fcc7715", type: "Role" },
          { id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" },
          { id: "98830695-27a2-44f7-8c18-0c3ebc9698f6", type: "Role" },
        ],
      },
    ]);
    const settings = await profile.readSettings();
    expect(settings).toMatchObject({ tenantId: SAMPLE_TENANT_ID, applicationId: result.applicationId });

    // the uploaded certificate and the consent work for a real client-credentials sign-in
    const cert = profile.activeCertificate()!;
    const check = await runCheck({
      tenantId: SAMPLE_TENANT_ID,
      applicationId: result.applicationId!,
      cloud: "global",
      authorityHost: sim.baseUrl,
      graphHost: sim.baseUrl,
      certificate: { ...cert, certPem: profile.exportPublicCertificate(cert.thumbprintSha256, "pem").toString(), keyPem: await profile.loadPrivateKey(cert.thumbprintSha256) },
    });
    expect(check.authentication.ok, JSON.stringify(check.authentication)).toBe(true);
    expect(check.permissions.map((p) => [p.name, p.ok])).toEqual(REQUIRED.map((n) => [n, true]));
  });

  it("never sends the private key, and uploads exactly the certificate's DER", async () => {
    const { result } = await run();
    expect(result.error).toBeNull();
    const keyPem = await profile.loadPrivateKey(profile.activeCertificate()!.thumbprintSha256);
    const keyBody = keyPem.replace(/-----[^-]+-----/g, "").replace(/\s/g, "");
    const keyDer = Buffer.from(keyBody, "base64");
    const sent = bodies.map((b) => b.body).join("\n");
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).not.toContain("PRIVATE KEY");
    // any 48-character run of the key's base64 / base64url / hex would betray it
    for (const enc of [keyBody, keyDer.toString("base64url"), keyDer.toString("hex")])
      for (let i = 0; i + 48 <= enc.length; i += 200) expect(sent).not.toContain(enc.slice(i, i + 48));
    const create = bodies.find((b) => b.method === "POST" && b.path === "/v1.0/applications")!;
    const der = profile.exportPublicCertificate(profile.activeCertificate()!.thumbprintSha256, "der").toString("base64");
    expect(JSON.parse(create.body).keyCredentials).toEqual([
      { type: "AsymmetricX509Cert", usage: "Verify", key: der, displayName: `CN=IBI-helpMe ${profile.activeCertificate()!.thumbprintSha1}` },
    ]);
  });

  it("changes nothing on a second run", async () => {
    const first = await run();
    expect(first.result.error).toBeNull();
    const before = JSON.stringify(sim.getState());
    bodies.length = 0;
    const { result, final } = await run();
    expect(result.error).toBeNull();
    expect(result.changed).toBe(false);
    expect(result.applicationId).toBe(first.result.applicationId);
    expect(final).toMatchObject({ application: "unchanged", settings: "unchanged", certificate: "unchanged", permissions: "unchanged", "service-principal": "unchanged", consent: "unchanged" });
    expect(JSON.stringify(sim.getState())).toBe(before);
    expect(bodies.filter((b) => b.path.startsWith("/v1.0/") && b.method !== "GET")).toEqual([]);
  });

  it("completes an existing app: adds the missing permissions and the certificate, keeps the certificate already there", async () => {
    const other = await Profile.open(resolveProfileLocation({ IBI_ENTRA_HOME: path.join(home, "other") }, "default"), { env: ENV });
    const otherCert = await other.generateCertificate({ subject: "CN=old one" });
    const otherPem = other.exportPublicCertificate(otherCert.thumbprintSha256, "pem").toString();
    await resetState((s) => {
      s.deviceCodes = { interval: 1 };
      const app = s.tenants[0]!.apps![0]!;
      app.certificates = [{ certPem: otherPem }];
      app.grantedRoles = ["User.Read.All"];
      app.requiredResourceAccess = [
        { resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccess: [{ id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" }] },
        { resourceAppId: "00000002-0000-0ff1-ce00-000000000000", resourceAccess: [{ id: "dc50a0fb-09a3-484d-be87-e023b12c6440", type: "Role" }] },
      ];
    });
    const appId = tenant().apps![0]!.appId;
    const { result, final } = await run({ applicationId: appId });
    expect(result.error).toBeNull();
    expect(final).toMatchObject({ application: "unchanged", settings: "created", certificate: "updated", permissions: "updated", "service-principal": "unchanged", consent: "updated" });
    expect(result.steps.find((s) => s.id === "permissions")!.detail).toBe("added Device.Read.All, GroupMember.Read.All");
    const app = tenant().apps![0]!;
    expect(app.certificates!.map((c) => c.certPem.replace(/\s/g, ""))).toEqual(
      [otherPem, profile.exportPublicCertificate(profile.activeCertificate()!.thumbprintSha256, "pem").toString()].map((p) => p.replace(/\s/g, "")),
    );
    expect([...app.grantedRoles!].sort()).toEqual([...REQUIRED].sort());
    // the unrelated API's permission is kept
    expect(app.requiredResourceAccess!.map((r) => r.resourceAppId)).toContain("00000002-0000-0ff1-ce00-000000000000");
  });

  it("waits out directory replication of the new objects", async () => {
    await resetState((s) => {
      s.deviceCodes = { interval: 1 };
      s.faults = { replicationLag: { reads: 2 } };
    });
    const { result, final } = await run();
    expect(result.error).toBeNull();
    expect(final).toMatchObject({ application: "created", "service-principal": "created", consent: "created" });
    const app = tenant().apps!.find((a) => a.appId === result.applicationId)!;
    expect([...app.grantedRoles!].sort()).toEqual([...REQUIRED].sort());
    // the service principal was created only after the app became visible (400 "not a valid application" first)
    const spPosts = bodies.filter((b) => b.method === "POST" && b.path === "/v1.0/servicePrincipals");
    expect(spPosts.length).toBe(3);
  });

  it("gives up on replication after the bounded retries and names the step", async () => {
    await resetState((s) => {
      s.deviceCodes = { interval: 1 };
      s.faults = { replicationLag: { reads: 50 } };
    });
    const { result, final } = await run({ replicationDelaysMs: [10, 10] });
    expect(result.error).toMatchObject({ step: "service-principal", status: 400, exitCode: 1 });
    expect(result.error!.message).toContain("does not reference a valid application object");
    expect(final).toMatchObject({ application: "created", settings: "created", "service-principal": "failed", consent: "pending" });
  });

  it("waits for a manual approval, and shows the code to approve", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 1, autoApprove: false }));
    const approved: Promise<unknown>[] = [];
    const { result } = await run({
      onDeviceCode: (p) => {
        approved.push(
          httpsRequest(`${sim.baseUrl}/_sim/device/approve`, { ca: sim.caPem, method: "POST", body: JSON.stringify({ userCode: p.userCode, user: { userPrincipalName: "megan@contoso.onmicrosoft.com", roles: ["Global Administrator"] } }) }),
        );
      },
    });
    await Promise.all(approved);
    expect(result.error).toBeNull();
    expect(result.admin?.userPrincipalName).toBe("megan@contoso.onmicrosoft.com");
  });

  it("is cancelled promptly while waiting for the sign-in", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 5, autoApprove: false }));
    const ac = new AbortController();
    const started = Date.now();
    const { result, final } = await run({ signal: ac.signal, onDeviceCode: () => setTimeout(() => ac.abort(), 200) });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.error).toMatchObject({ step: "sign-in", code: "cancelled", exitCode: 2 });
    expect(final["sign-in"]).toBe("failed");
    expect(tenant().apps).toHaveLength(1);
  });

  it("names the missing role when an Application Administrator cannot grant consent, after doing the rest", async () => {
    await resetState((s) => (s.deviceCodes = { interval: 1, user: { userPrincipalName: "alex@contoso.onmicrosoft.com", roles: ["Application Administrator"] } }));
    const { result, final } = await run();
    expect(result.exitCode).toBe(1);
    expect(result.error).toMatchObject({ step: "consent", code: "Authorization_RequestDenied", status: 403 });
    expect(result.error!.message).toContain("lacks the Privileged Role Administrator or Global Administrator role");
    expect(result.error!.hint).toContain("alex@contoso.onmicrosoft.com has Application Administrator");
    expect(result.error!.hint).toContain(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/adminconsent?client_id=${result.applicationId}`);
    expect(final).toMatchObject({ application: "created", settings: "created", certificate: "created", "service-principal": "created", consent: "failed", check: "pending" });
    // the profile already names the new app: a Global Administrator's run continues with it
    expect((await profile.readSettings()).applicationId).toBe(result.applicationId);
    await sim.update((s) => (s.deviceCodes = { interval: 1 }));
    const again = await run();
    expect(again.result.error).toBeNull();
    expect(again.result.applicationId).toBe(result.applicationId);
    expect(again.final).toMatchObject({ application: "unchanged", "service-principal": "unchanged", consent: "created" });
  });

  it("an unknown tenant gets the check's own diagnosis (one AADSTS table for both sign-ins)", async () => {
    const tenantId = "fabrikam.onmicrosoft.com";
    const { result } = await run({ tenantId });
    expect(result.error).toMatchObject({ step: "sign-in", code: "tenant_not_found", exitCode: 2 });
    const cert = profile.activeCertificate()!;
    const checked = await runCheck({
      tenantId,
      applicationId: "22222222-2222-2222-2222-222222222222",
      cloud: "global",
      authorityHost: sim.baseUrl,
      graphHost: sim.baseUrl,
      certificate: { ...cert, certPem: profile.exportPublicCertificate(cert.thumbprintSha256, "pem").toString(), keyPem: await profile.loadPrivateKey(cert.thumbprintSha256) },
      probe: false,
    });
    expect(checked.authentication).toMatchObject({ code: result.error!.code, message: result.error!.message, hint: result.error!.hint });
  });

  it("refuses bad input before anyone signs in", async () => {
    await expect(run({ tenantId: "organizations" })).rejects.toMatchObject({ code: "invalid_tenant_id", exitCode: 2 });
    await expect(run({ clientId: "not-a-guid" })).rejects.toMatchObject({ code: "invalid_client_id", exitCode: 2 });
    await expect(run({ displayName: "   " })).rejects.toMatchObject({ code: "invalid_name", exitCode: 2 });
    const empty = await Profile.open(resolveProfileLocation({ IBI_ENTRA_HOME: path.join(home, "empty") }, "default"), { env: ENV });
    await expect(registerWithProfile(empty, { tenantId: SAMPLE_TENANT_ID })).rejects.toMatchObject({ code: "no_certificate", exitCode: 2 });
    expect(bodies).toEqual([]);
  });
});
