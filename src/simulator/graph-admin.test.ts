// The simulator's app administration over real HTTPS with delegated tokens from its device code flow: apps and
// service principals created through Graph are the tenant's `apps`, so the token endpoint signs them in with the
// uploaded certificate and the consented roles.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_APP_ID, SAMPLE_TENANT_ID, sampleState, startSimulator, type RunningSimulator, type SimAdminUser, type SimulatorState } from "./index.js";
import { createClientCertificate, httpsRequest, postForm, signClientAssertion, type ClientCertificate } from "./simulator.test-support.js";

const GRAPH = "00000003-0000-0000-c000-000000000000";
const ROLE = { device: "7438b122-aefc-4978-80ed-43db9fcc7715", user: "df021288-bdef-4463-88db-98f22de89214", member: "98830695-27a2-44f7-8c18-0c3ebc9698f6" };
let sim: RunningSimulator;
let tmp: string;
let cert: ClientCertificate;
let cert2: ClientCertificate;

async function reset(tweak?: (s: SimulatorState) => void): Promise<void> {
  const next = sampleState();
  tweak?.(next);
  await sim.update((s) => {
    for (const k of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[k];
    Object.assign(s, next);
  });
}

/** A delegated Graph token for an admin with `roles`, through the device code flow. */
async function adminToken(user: SimAdminUser = { roles: ["Global Administrator"] }, scope?: string): Promise<string> {
  await sim.update((s) => (s.deviceCodes = { approveAfterPolls: 0, user }));
  const dc = await postForm(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/oauth2/v2.0/devicecode`, sim.caPem, {
    client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    scope: scope ?? `${sim.baseUrl}/Application.ReadWrite.All ${sim.baseUrl}/AppRoleAssignment.ReadWrite.All openid`,
  });
  const t = await postForm(`${sim.baseUrl}/${SAMPLE_TENANT_ID}/oauth2/v2.0/token`, sim.caPem, { grant_type: "device_code", client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", device_code: dc.json.device_code });
  expect(t.status, t.text).toBe(200);
  return t.json.access_token;
}

function graph(token: string, method: string, p: string, body?: unknown) {
  return httpsRequest(`${sim.baseUrl}${p}`, {
    ca: sim.caPem,
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const filter = (field: string, v: string) => `$filter=${encodeURIComponent(`${field} eq '${v}'`)}`;
const keyOf = (c: ClientCertificate) => ({ type: "AsymmetricX509Cert", usage: "Verify", key: c.der.toString("base64"), displayName: "CN=test" });

function appToken(appId: string, c: ClientCertificate) {
  const url = `${sim.baseUrl}/${SAMPLE_TENANT_ID}/oauth2/v2.0/token`;
  return postForm(url, sim.caPem, {
    client_id: appId,
    scope: `${sim.baseUrl}/.default`,
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: signClientAssertion(c, { aud: url, clientId: appId }),
  });
}

async function graphSp(token: string): Promise<{ id: string; appRoles: { id: string; value: string }[] }> {
  const r = await graph(token, "GET", `/v1.0/servicePrincipals?${filter("appId", GRAPH)}&$select=id,appId,appRoles`);
  expect(r.status, r.text).toBe(200);
  return r.json.value[0];
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-sim-graph-admin-"));
  [cert, cert2] = await Promise.all([createClientCertificate({ cn: "one" }), createClientCertificate({ cn: "two" })]);
  sim = await startSimulator({ stateFile: path.join(tmp, "state.json") });
});
afterAll(async () => {
  await sim?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await reset();
});

describe("Graph app administration", () => {
  it("serves Microsoft Graph's service principal with the real app role ids", async () => {
    const sp = await graphSp(await adminToken());
    const byValue = Object.fromEntries(sp.appRoles.map((r) => [r.value, r.id]));
    expect(byValue).toMatchObject({ "Device.Read.All": ROLE.device, "User.Read.All": ROLE.user, "GroupMember.Read.All": ROLE.member, "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61" });
  });

  it("creates an app that signs in only once it has a service principal, and whose token carries the consented roles", async () => {
    const token = await adminToken();
    const created = await graph(token, "POST", "/v1.0/applications", {
      displayName: "IBI-helpMe",
      signInAudience: "AzureADMyOrg",
      requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: ROLE.user, type: "Role" }] }],
      keyCredentials: [keyOf(cert)],
    });
    expect(created.status, created.text).toBe(201);
    const { id, appId } = created.json;
    expect(created.json.keyCredentials).toEqual([expect.objectContaining({ customKeyIdentifier: cert.thumbprintSha1, key: null, type: "AsymmetricX509Cert" })]);
    // one source of truth: the app is in the state (and in the state file)
    const saved = JSON.parse(fs.readFileSync(sim.stateFile!, "utf8")) as SimulatorState;
    expect(saved.tenants[0]!.apps!.find((a) => a.appId === appId)).toMatchObject({ id, servicePrincipal: false, grantedRoles: [] });

    expect((await appToken(appId, cert)).json.error_codes).toEqual([7000229]);
    const sp = await graph(token, "POST", "/v1.0/servicePrincipals", { appId });
    expect(sp.status, sp.text).toBe(201);
    expect((await graph(token, "POST", "/v1.0/servicePrincipals", { appId })).status).toBe(409);
    const signedIn = await appToken(appId, cert);
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(JSON.parse(Buffer.from(signedIn.json.access_token.split(".")[1], "base64url").toString())).not.toHaveProperty("roles");

    const g = await graphSp(token);
    const assign = await graph(token, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: sp.json.id, resourceId: g.id, appRoleId: ROLE.user });
    expect(assign.status, assign.text).toBe(201);
    expect(assign.json).toMatchObject({ principalId: sp.json.id, resourceId: g.id, appRoleId: ROLE.user, principalType: "ServicePrincipal" });
    const again = await graph(token, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: sp.json.id, resourceId: g.id, appRoleId: ROLE.user });
    expect(again.status).toBe(400);
    expect(again.json.error.message).toContain("already exists");
    const roles = JSON.parse(Buffer.from((await appToken(appId, cert)).json.access_token.split(".")[1], "base64url").toString()).roles;
    expect(roles).toEqual(["User.Read.All"]);
    const listed = await graph(token, "GET", `/v1.0/servicePrincipals/${sp.json.id}/appRoleAssignments`);
    expect(listed.json.value.map((a: { appRoleId: string }) => a.appRoleId)).toEqual([ROLE.user]);
    const assignedTo = await graph(token, "GET", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`);
    expect(assignedTo.json.value.some((a: { principalId: string }) => a.principalId === sp.json.id)).toBe(true);
  });

  it("finds apps by appId, returns keys only on $select=keyCredentials, and PATCH replaces the key collection (204)", async () => {
    const token = await adminToken();
    const sample = (await graph(token, "GET", `/v1.0/applications?${filter("appId", SAMPLE_APP_ID)}&$select=id,appId,displayName`)).json.value;
    expect(sample).toEqual([{ id: expect.any(String), appId: SAMPLE_APP_ID, displayName: "IBI-helpMe" }]);
    const id = sample[0].id;
    const patch = await graph(token, "PATCH", `/v1.0/applications/${id}`, { keyCredentials: [keyOf(cert), keyOf(cert2)] });
    expect(patch.status, patch.text).toBe(204);
    expect(patch.text).toBe("");
    const withKeys = await graph(token, "GET", `/v1.0/applications/${id}?$select=id,keyCredentials`);
    expect(withKeys.json.keyCredentials.map((k: { key: string }) => k.key)).toEqual([cert.der.toString("base64"), cert2.der.toString("base64")]);
    expect((await graph(token, "GET", `/v1.0/applications/${id}`)).json.keyCredentials.map((k: { key: unknown }) => k.key)).toEqual([null, null]);
    expect((await appToken(SAMPLE_APP_ID, cert2)).status).toBe(200);
    // replaced, not merged
    await graph(token, "PATCH", `/v1.0/applications/${id}`, { keyCredentials: [keyOf(cert2)] });
    expect((await appToken(SAMPLE_APP_ID, cert)).json.error_codes).toEqual([700027]);
    // bad input
    expect((await graph(token, "PATCH", `/v1.0/applications/${id}`, { keyCredentials: [{ ...keyOf(cert), key: "bm90IGEgY2VydA==" }] })).status).toBe(400);
    expect((await graph(token, "PATCH", `/v1.0/applications/${id}`, { keyCredentials: [keyOf(cert), keyOf(cert)] })).status).toBe(400);
    expect((await graph(token, "PATCH", `/v1.0/applications/${id}`, { signInAudience: "Everyone" })).status).toBe(400);
    expect((await graph(token, "GET", `/v1.0/applications?$filter=${encodeURIComponent("startswith(displayName,'I')")}`)).json.error.code).toBe("Request_UnsupportedQuery");
    expect((await graph(token, "GET", "/v1.0/applications/00000000-0000-0000-0000-000000000000")).json.error.code).toBe("Request_ResourceNotFound");
  });

  it("answers 403 Authorization_RequestDenied to admins without the role each operation needs", async () => {
    const reader = await adminToken({ userPrincipalName: "megan@contoso.onmicrosoft.com", roles: [] });
    expect((await graph(reader, "GET", `/v1.0/applications?${filter("appId", SAMPLE_APP_ID)}`)).status).toBe(200);
    const denied = await graph(reader, "POST", "/v1.0/applications", { displayName: "x" });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });

    const appAdmin = await adminToken({ roles: ["Application Administrator"] });
    const created = await graph(appAdmin, "POST", "/v1.0/applications", { displayName: "by app admin" });
    expect(created.status).toBe(201);
    const sp = await graph(appAdmin, "POST", "/v1.0/servicePrincipals", { appId: created.json.appId });
    expect(sp.status).toBe(201);
    const g = await graphSp(appAdmin);
    const consent = await graph(appAdmin, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: sp.json.id, resourceId: g.id, appRoleId: ROLE.device });
    expect(consent.status).toBe(403);

    const pra = await adminToken({ roles: ["Privileged Role Administrator"] });
    expect((await graph(pra, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: sp.json.id, resourceId: g.id, appRoleId: ROLE.device })).status).toBe(201);
    expect((await graph(pra, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: sp.json.id, resourceId: g.id, appRoleId: "11111111-0000-0000-0000-000000000000" })).status).toBe(400);
    expect((await graph(pra, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: "11111111-0000-0000-0000-000000000000", resourceId: g.id, appRoleId: ROLE.user })).status).toBe(404);

    // a Global Administrator whose token lacks the delegated scope is refused too
    const noScope = await adminToken({ roles: ["Global Administrator"] }, `${sim.baseUrl}/Application.ReadWrite.All`);
    expect((await graph(noScope, "POST", `/v1.0/servicePrincipals/${g.id}/appRoleAssignedTo`, { principalId: sp.json.id, resourceId: g.id, appRoleId: ROLE.user })).status).toBe(403);
  });

  it("hides new objects for their first reads under the replication lag fault", async () => {
    await reset((s) => (s.faults = { replicationLag: { reads: 2 } }));
    const token = await adminToken();
    const created = await graph(token, "POST", "/v1.0/applications", { displayName: "lagging" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await graph(token, "GET", `/v1.0/applications/${created.json.id}`)).status);
    expect(statuses).toEqual([404, 404, 200]);
    const sp1 = await graph(token, "POST", "/v1.0/servicePrincipals", { appId: created.json.appId });
    expect(sp1.status).toBe(400);
    expect(sp1.json.error.message).toContain("does not reference a valid application object");
  });

  it("leaves app-only tokens to the read-only Graph (404), and requires a token", async () => {
    await reset((s) => (s.tenants[0]!.apps![0]!.certificates = [{ certPem: cert.certPem }]));
    const app = (await appToken(SAMPLE_APP_ID, cert)).json.access_token;
    expect((await graph(app, "GET", "/v1.0/applications")).status).toBe(404);
    expect((await httpsRequest(`${sim.baseUrl}/v1.0/applications`, { ca: sim.caPem })).status).toBe(401);
  });
});
