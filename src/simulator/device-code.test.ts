// The simulator's device code flow over real HTTPS: the device authorization endpoint, polling with
// authorization_pending / expired_token / authorization_declined, approval through state or /_sim/device/approve,
// and the delegated tokens (scp, wids) it issues.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MEMBER_USER_TEMPLATE, DIRECTORY_ROLES } from "./device-code.js";
import { SAMPLE_TENANT_ID, sampleState, startSimulator, type RunningSimulator, type SimulatorState } from "./index.js";
import { httpsRequest, postForm } from "./simulator.test-support.js";

const CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
let sim: RunningSimulator;

async function reset(tweak?: (s: SimulatorState) => void): Promise<void> {
  const next = sampleState();
  tweak?.(next);
  await sim.update((s) => {
    for (const k of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[k];
    Object.assign(s, next);
  });
}

function deviceCode(tenant = SAMPLE_TENANT_ID, scope?: string) {
  return postForm(`${sim.baseUrl}/${tenant}/oauth2/v2.0/devicecode`, sim.caPem, {
    client_id: CLIENT,
    scope: scope ?? `${sim.baseUrl}/Application.ReadWrite.All ${sim.baseUrl}/AppRoleAssignment.ReadWrite.All openid profile offline_access`,
  });
}

function poll(code: string, grant = "device_code") {
  return postForm(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/oauth2/v2.0/token`, sim.caPem, { grant_type: grant, client_id: CLIENT, device_code: code });
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());
}

beforeAll(async () => {
  sim = await startSimulator({ state: sampleState() });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await reset();
});

describe("device code flow", () => {
  it("hands out a code, answers authorization_pending, then issues delegated tokens with scp and wids", async () => {
    await reset((s) => (s.deviceCodes = { approveAfterPolls: 2, interval: 3, expiresIn: 600 }));
    const dc = await deviceCode("contoso.onmicrosoft.com");
    expect(dc.status, dc.text).toBe(200);
    expect(dc.json).toMatchObject({ verification_uri: `${sim.baseUrl}/devicelogin`, expires_in: 600, interval: 3 });
    expect(dc.json.user_code).toMatch(/^[A-Z2-9]{9}$/);
    expect(dc.json.message).toContain(dc.json.user_code);
    for (let i = 0; i < 2; i++) {
      const pending = await poll(dc.json.device_code);
      expect(pending.status).toBe(400);
      expect(pending.json).toMatchObject({ error: "authorization_pending", error_codes: [70016] });
    }
    const ok = await poll(dc.json.device_code, "urn:ietf:params:oauth:grant-type:device_code");
    expect(ok.status, ok.text).toBe(200);
    const at = claims(ok.json.access_token);
    expect(at).toMatchObject({
      aud: sim.baseUrl,
      tid: SAMPLE_TENANT_ID,
      appid: CLIENT,
      idtyp: "user",
      upn: "admin@contoso.onmicrosoft.com",
      scp: "Application.ReadWrite.All AppRoleAssignment.ReadWrite.All",
    });
    expect(at.wids).toEqual([DIRECTORY_ROLES["Global Administrator"], MEMBER_USER_TEMPLATE]);
    expect(claims(ok.json.id_token)).toMatchObject({ aud: CLIENT, tid: SAMPLE_TENANT_ID, preferred_username: "admin@contoso.onmicrosoft.com" });
    expect(JSON.parse(Buffer.from(ok.json.client_info, "base64url").toString())).toEqual({ uid: at.oid, utid: SAMPLE_TENANT_ID });
    expect(typeof ok.json.refresh_token).toBe("string");
    // a device code is good for one sign-in
    expect((await poll(dc.json.device_code)).json).toMatchObject({ error: "invalid_grant", error_codes: [70000] });
  });

  it("carries the configured admin's roles", async () => {
    await reset((s) => (s.deviceCodes = { user: { userPrincipalName: "alex@contoso.onmicrosoft.com", roles: ["Application Administrator", "Privileged Role Administrator"] } }));
    const dc = await deviceCode();
    await poll(dc.json.device_code);
    const at = claims((await poll(dc.json.device_code)).json.access_token);
    expect(at.upn).toBe("alex@contoso.onmicrosoft.com");
    expect(at.wids).toEqual([DIRECTORY_ROLES["Application Administrator"], DIRECTORY_ROLES["Privileged Role Administrator"], MEMBER_USER_TEMPLATE]);
  });

  it("waits for POST /_sim/device/approve when autoApprove is off, and can decline there", async () => {
    await reset((s) => (s.deviceCodes = { autoApprove: false, approveAfterPolls: 0 }));
    const a = await deviceCode();
    const b = await deviceCode();
    for (let i = 0; i < 3; i++) expect((await poll(a.json.device_code)).json.error).toBe("authorization_pending");
    const approve = (body: unknown) => httpsRequest(`${sim.baseUrl}/_sim/device/approve`, { ca: sim.caPem, method: "POST", body: JSON.stringify(body) });
    expect((await approve({ userCode: "NOSUCHCODE" })).status).toBe(404);
    expect((await approve({ userCode: a.json.user_code.toLowerCase(), user: { userPrincipalName: "megan@contoso.onmicrosoft.com", roles: [] } })).json).toEqual({ approved: 1 });
    const ok = await poll(a.json.device_code);
    expect(ok.status).toBe(200);
    expect(claims(ok.json.access_token)).toMatchObject({ upn: "megan@contoso.onmicrosoft.com", wids: [MEMBER_USER_TEMPLATE] });
    expect((await approve({ userCode: b.json.user_code, deny: true })).json).toEqual({ declined: 1 });
    expect((await poll(b.json.device_code)).json).toMatchObject({ error: "authorization_declined" });
  });

  it("answers expired_token when told to and when the code's time is up (server clock)", async () => {
    await reset((s) => (s.deviceCodes = { expire: true }));
    const a = await deviceCode();
    expect((await poll(a.json.device_code)).json).toMatchObject({ error: "expired_token", error_codes: [70020] });

    await reset((s) => (s.deviceCodes = { expiresIn: 60, autoApprove: false }));
    const b = await deviceCode();
    await sim.update((s) => (s.clockSkewSeconds = 120));
    expect((await poll(b.json.device_code)).json).toMatchObject({ error: "expired_token" });
  });

  it("declines when told to", async () => {
    await reset((s) => (s.deviceCodes = { deny: true }));
    const a = await deviceCode();
    expect((await poll(a.json.device_code)).json).toMatchObject({ error: "authorization_declined" });
  });

  it("rejects unknown tenants, missing parameters, foreign resources and unknown codes like Entra", async () => {
    expect((await deviceCode("fabrikam.onmicrosoft.com")).json).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
    expect((await deviceCode("organizations")).json.error_codes).toEqual([50059]);
    const noClient = await postForm(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/oauth2/v2.0/devicecode`, sim.caPem, { scope: "openid" });
    expect(noClient.json.error_codes).toEqual([900144]);
    expect((await deviceCode(SAMPLE_TENANT_ID, "https://graph.microsoft.com/Application.ReadWrite.All")).json.error_codes).toEqual([500011]);
    expect((await poll("not-a-code")).json).toMatchObject({ error: "invalid_grant" });
    const get = await httpsRequest(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/oauth2/v2.0/devicecode`, { ca: sim.caPem });
    expect(get.status).toBe(400);
  });

  it("grants <graph>/.default as the admin scopes", async () => {
    const dc = await deviceCode(SAMPLE_TENANT_ID, `${sim.baseUrl}/.default`);
    await poll(dc.json.device_code);
    expect(claims((await poll(dc.json.device_code)).json.access_token).scp).toBe("Application.ReadWrite.All AppRoleAssignment.ReadWrite.All");
  });
});
