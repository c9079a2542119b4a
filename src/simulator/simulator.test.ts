import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_APP_ID, SAMPLE_TENANT_ID, runSimulatorCli, sampleState, startSimulator, type RunningSimulator, type SimulatorState } from "./index.js";
import { createClientCertificate, httpsRequest, postForm, signClientAssertion, type ClientCertificate } from "./simulator.test-support.js";

const TENANT = SAMPLE_TENANT_ID;
const DOMAIN = "contoso.onmicrosoft.com";
const APP = SAMPLE_APP_ID;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let tmp: string;
let sim: RunningSimulator;
let uploaded: ClientCertificate;
let other: ClientCertificate;
const logLines: string[] = [];

/** The sample tenant with `uploaded` registered on the app, then `tweak` applied. */
function baseline(tweak?: (s: SimulatorState) => void): SimulatorState {
  const s = sampleState();
  s.tenants[0]!.apps![0]!.certificates = [{ certPem: uploaded.certPem }];
  tweak?.(s);
  return s;
}

async function reset(tweak?: (s: SimulatorState) => void): Promise<void> {
  const next = baseline(tweak);
  await sim.update((s) => {
    for (const k of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[k];
    Object.assign(s, next);
  });
}

function tokenUrl(tenant = TENANT): string {
  return `${sim.baseUrl}/${tenant}/oauth2/v2.0/token`;
}

function requestToken(opts: { tenant?: string; cert?: ClientCertificate; clientId?: string; alg?: "PS256" | "RS256"; nbf?: number; exp?: number; aud?: string; scope?: string } = {}) {
  const tenant = opts.tenant ?? TENANT;
  const clientId = opts.clientId ?? APP;
  const assertion = signClientAssertion(opts.cert ?? uploaded, { aud: opts.aud ?? tokenUrl(tenant), clientId, nbf: opts.nbf, exp: opts.exp }, opts.alg);
  return postForm(tokenUrl(tenant), sim.caPem, {
    client_id: clientId,
    scope: opts.scope ?? `${sim.baseUrl}/.default`,
    grant_type: "client_credentials",
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });
}

async function accessToken(): Promise<string> {
  const r = await requestToken();
  expect(r.status, r.text).toBe(200);
  return r.json.access_token as string;
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
}

function graph(p: string, token: string | undefined) {
  return httpsRequest(`${sim.baseUrl}${p}`, { ca: sim.caPem, headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

function expectEntraError(r: { status: number; json: any }, status: number, error: string, code: number): void {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(r.json.error).toBe(error);
  expect(r.json.error_codes).toEqual([code]);
  expect(r.json.error_description).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: .+\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`, "s"));
  expect(r.json.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof r.json.correlation_id).toBe("string");
  expect(typeof r.json.timestamp).toBe("string");
  expect(r.json.error_uri).toContain(String(code));
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-sim-test-"));
  [uploaded, other] = await Promise.all([createClientCertificate({ cn: "uploaded" }), createClientCertificate({ cn: "not uploaded" })]);
  sim = await startSimulator({ port: 0, stateFile: path.join(tmp, "state", "state.json"), dir: path.join(tmp, "tls"), log: (l) => logLines.push(l) });
});

afterAll(async () => {
  await sim?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await reset();
});

describe("TLS and files", () => {
  it("serves a certificate for 127.0.0.1 and localhost signed by ca.pem, and writes private files", () => {
    expect(sim.caFile).toBe(path.join(tmp, "tls", "ca.pem"));
    expect(fs.readFileSync(sim.caFile, "utf8")).toBe(sim.caPem);
    expect(fs.statSync(sim.caFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(tmp, "tls")).mode & 0o777).toBe(0o700);
    expect(fs.statSync(sim.stateFile!).mode & 0o777).toBe(0o600);
    const serverPem = path.join(tmp, "tls", "server.pem");
    const verify = execFileSync("/usr/bin/openssl", ["verify", "-CAfile", sim.caFile, "-purpose", "sslserver", serverPem], { encoding: "utf8" });
    expect(verify.trim()).toBe(`${serverPem}: OK`);
    const text = execFileSync("/usr/bin/openssl", ["x509", "-in", serverPem, "-noout", "-ext", "subjectAltName,extendedKeyUsage"], { encoding: "utf8" });
    expect(text).toContain("IP Address:127.0.0.1");
    expect(text).toContain("DNS:localhost");
    expect(text).toContain("TLS Web Server Authentication");
    const ca = execFileSync("/usr/bin/openssl", ["x509", "-in", sim.caFile, "-noout", "-ext", "basicConstraints"], { encoding: "utf8" });
    expect(ca).toContain("CA:TRUE");
  });

  it("is trusted with its CA (by IP and by localhost) and refused without it", async () => {
    const r = await httpsRequest(`${sim.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expect(r.status).toBe(200);
    const byName = await httpsRequest(`https://localhost:${sim.port}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expect(byName.status).toBe(200);
    await expect(httpsRequest(`${sim.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: [...tls.rootCertificates] })).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/),
    });
  });
});

describe("discovery", () => {
  it("serves openid-configuration for the tenant GUID and for its domain, with the GUID in the endpoints as Entra does", async () => {
    for (const t of [TENANT, DOMAIN, DOMAIN.toUpperCase()]) {
      const r = await httpsRequest(`${sim.baseUrl}/${t}/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
      expect(r.status).toBe(200);
      expect(r.json.token_endpoint).toBe(`${sim.baseUrl}/${TENANT}/oauth2/v2.0/token`);
      expect(r.json.issuer).toBe(`${sim.baseUrl}/${TENANT}/v2.0`);
      expect(r.json.authorization_endpoint).toBe(`${sim.baseUrl}/${TENANT}/oauth2/v2.0/authorize`);
      expect(r.json.jwks_uri).toBe(`${sim.baseUrl}/${TENANT}/discovery/v2.0/keys`);
      expect(r.headers["content-type"]).toMatch(/^application\/json/);
    }
  });

  it("answers an unknown tenant with AADSTS90002 and a malformed one with AADSTS900023", async () => {
    const unknown = await httpsRequest(`${sim.baseUrl}/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expectEntraError(unknown, 400, "invalid_tenant", 90002);
    expect(unknown.json.error_description).toContain("Tenant 'fabrikam.onmicrosoft.com' not found");
    const unknownGuid = await httpsRequest(`${sim.baseUrl}/33333333-3333-3333-3333-333333333333/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expectEntraError(unknownGuid, 400, "invalid_tenant", 90002);
    const malformed = await httpsRequest(`${sim.baseUrl}/not_a_tenant/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expectEntraError(malformed, 400, "invalid_request", 900023);
    const badEscape = await httpsRequest(`${sim.baseUrl}/%E0%A4%A/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expectEntraError(badEscape, 400, "invalid_request", 900023);
    const tokenUnknown = await requestToken({ tenant: "fabrikam.onmicrosoft.com" });
    expectEntraError(tokenUnknown, 400, "invalid_request", 90002);
  });

  it("serves instance discovery naming its own host, and a JWKS that verifies its tokens", async () => {
    const host = `127.0.0.1:${sim.port}`;
    const r = await httpsRequest(`${sim.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`, { ca: sim.caPem });
    expect(r.status).toBe(200);
    expect(r.json.tenant_discovery_endpoint).toBe(`${sim.baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`);
    expect(r.json.metadata).toEqual([{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
    const keys = await httpsRequest(`${sim.baseUrl}/${TENANT}/discovery/v2.0/keys`, { ca: sim.caPem });
    const token = await accessToken();
    const [h, p, s] = token.split(".") as [string, string, string];
    const kid = JSON.parse(Buffer.from(h, "base64url").toString()).kid;
    const jwk = keys.json.keys.find((k: { kid: string }) => k.kid === kid);
    const pub = crypto.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
    expect(crypto.verify("sha256", Buffer.from(`${h}.${p}`), pub, Buffer.from(s, "base64url"))).toBe(true);
  });
});

describe("token endpoint", () => {
  it("issues a token for a PS256 assertion (x5t#S256) whose roles follow grantedRoles", async () => {
    const r = await requestToken();
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const c = claimsOf(r.json.access_token);
    expect(c).toMatchObject({ aud: sim.baseUrl, tid: TENANT, appid: APP, azp: APP, roles: ["Device.Read.All", "User.Read.All"] });
    expect(c.exp as number).toBe((c.iat as number) + 3599);
    expect(Math.abs((c.iat as number) - Date.now() / 1000)).toBeLessThan(10);

    await reset((s) => (s.tenants[0]!.apps![0]!.grantedRoles = ["Directory.Read.All"]));
    expect(claimsOf((await requestToken()).json.access_token).roles).toEqual(["Directory.Read.All"]);

    await reset((s) => (s.tenants[0]!.apps![0]!.grantedRoles = []));
    const none = claimsOf((await requestToken()).json.access_token);
    expect(none).not.toHaveProperty("roles");
  });

  it("accepts RS256 with x5t (SHA-1), and the domain form of the token endpoint", async () => {
    expect((await requestToken({ alg: "RS256" })).status).toBe(200);
    const byDomain = await requestToken({ tenant: DOMAIN });
    expect(byDomain.status, byDomain.text).toBe(200);
    expect(claimsOf(byDomain.json.access_token).tid).toBe(TENANT);
  });

  it("answers AADSTS700027 when the signing certificate is not uploaded or the signature is wrong", async () => {
    const r = await requestToken({ cert: other });
    expectEntraError(r, 401, "invalid_client", 700027);
    // Entra shows the thumbprint the client presented, as hex
    expect(r.json.error_description).toContain(`Thumbprint of key used by client: '${other.thumbprintSha256}'`);
    expect(r.json.error_description).toContain(APP);

    // right thumbprint header, signed with another key
    const forged = signClientAssertion({ key: other.key, der: uploaded.der }, { aud: tokenUrl(), clientId: APP });
    const bad = await postForm(tokenUrl(), sim.caPem, { client_id: APP, scope: `${sim.baseUrl}/.default`, grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: forged });
    expectEntraError(bad, 401, "invalid_client", 700027);
    expect(bad.json.error_description).toContain("did not match the expected signature");

    await reset((s) => (s.tenants[0]!.apps![0]!.certificates = []));
    expectEntraError(await requestToken(), 401, "invalid_client", 700027);
  });

  it("answers AADSTS700016 for an application that is not in the tenant", async () => {
    const wrong = "44444444-4444-4444-4444-444444444444";
    const r = await requestToken({ clientId: wrong });
    expectEntraError(r, 400, "unauthorized_client", 700016);
    expect(r.json.error_description).toContain(`Application with identifier '${wrong}' was not found in the directory`);
  });

  it("answers AADSTS700024 for an expired assertion and when the server clock is skewed", async () => {
    const now = Math.floor(Date.now() / 1000);
    expectEntraError(await requestToken({ nbf: now - 3600, exp: now - 900 }), 400, "invalid_client", 700024);
    // within the 5-minute tolerance: accepted
    expect((await requestToken({ nbf: now - 900, exp: now - 120 })).status).toBe(200);

    await reset((s) => (s.clockSkewSeconds = 3600));
    const r = await requestToken();
    expectEntraError(r, 400, "invalid_client", 700024);
    // the Date header follows the server's (skewed) clock
    const date = Date.parse(String(r.headers.date));
    expect(date - Date.now()).toBeGreaterThan(3500_000);
    expect(date - Date.now()).toBeLessThan(3700_000);
  });

  it("answers AADSTS7000112 for a disabled app and AADSTS53003 for Conditional Access", async () => {
    await reset((s) => (s.tenants[0]!.apps![0]!.disabled = true));
    const disabled = await requestToken();
    expectEntraError(disabled, 400, "unauthorized_client", 7000112);
    expect(disabled.json.error_description).toContain(`Application '${APP}'(IBI-helpMe) is disabled.`);

    await reset((s) => (s.tenants[0]!.apps![0]!.conditionalAccessBlocked = true));
    expectEntraError(await requestToken(), 400, "invalid_grant", 53003);
  });

  it("checks audience, issuer, scope and the request's shape without crashing", async () => {
    expectEntraError(await requestToken({ aud: `${sim.baseUrl}/${TENANT}/v2.0` }), 401, "invalid_client", 50013);
    expectEntraError(await requestToken({ scope: "https://graph.microsoft.com/.default" }), 400, "invalid_resource", 500011);
    expectEntraError(await requestToken({ scope: "User.Read.All" }), 400, "invalid_scope", 1002012);
    expect((await requestToken({ scope: "00000003-0000-0000-c000-000000000000/.default" })).status).toBe(200);

    const mismatched = signClientAssertion(uploaded, { aud: tokenUrl(), clientId: APP, iss: "55555555-5555-5555-5555-555555555555" });
    expectEntraError(
      await postForm(tokenUrl(), sim.caPem, { client_id: APP, scope: `${sim.baseUrl}/.default`, grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: mismatched }),
      401,
      "invalid_client",
      700021,
    );
    const base = { client_id: APP, scope: `${sim.baseUrl}/.default`, grant_type: "client_credentials", client_assertion_type: JWT_BEARER };
    expectEntraError(await postForm(tokenUrl(), sim.caPem, { ...base, client_assertion: "not.a.jwt" }), 400, "invalid_request", 50027);
    expectEntraError(await postForm(tokenUrl(), sim.caPem, { ...base, client_assertion: "%%%" }), 400, "invalid_request", 50027);
    expectEntraError(await postForm(tokenUrl(), sim.caPem, base), 401, "invalid_client", 7000218);
    expectEntraError(await postForm(tokenUrl(), sim.caPem, { ...base, grant_type: "password" }), 400, "unsupported_grant_type", 70003);

    const junk = await httpsRequest(tokenUrl(), { ca: sim.caPem, method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
    expectEntraError(junk, 400, "invalid_request", 900144);
    expectEntraError(await httpsRequest(tokenUrl(), { ca: sim.caPem }), 400, "invalid_request", 900561);
    expectEntraError(await requestToken({ tenant: "common" }), 400, "invalid_request", 50059);

    const nowhere = await httpsRequest(`${sim.baseUrl}/nowhere/at/all`, { ca: sim.caPem });
    expect(nowhere.status).toBe(404);
    expect(nowhere.json.error).toBe("not_found");
    const big = await httpsRequest(tokenUrl(), { ca: sim.caPem, method: "POST", body: "x".repeat(1024 * 1024 + 10) });
    expect(big.status).toBe(413);
    // still serving
    expect((await requestToken()).status).toBe(200);
  });

  it("echoes client-request-id as Entra's correlation id", async () => {
    const r = await httpsRequest(`${sim.baseUrl}/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration`, {
      ca: sim.caPem,
      headers: { "client-request-id": "6f8c2d3e-0000-4000-8000-000000000abc" },
    });
    expect(r.json.correlation_id).toBe("6f8c2d3e-0000-4000-8000-000000000abc");
    expect(r.headers["client-request-id"]).toBe("6f8c2d3e-0000-4000-8000-000000000abc");
  });
});

describe("Graph", () => {
  it("answers 200 with a granted role and 403 Authorization_RequestDenied without", async () => {
    const token = await accessToken(); // Device.Read.All, User.Read.All
    const users = await graph("/v1.0/users?$select=id,displayName&$top=2", token);
    expect(users.status, users.text).toBe(200);
    expect(users.json["@odata.context"]).toBe(`${sim.baseUrl}/v1.0/$metadata#users(id,displayName)`);
    expect(users.json.value).toEqual([
      { id: "a0000000-0000-4000-8000-000000000001", displayName: "Adele Vance" },
      { id: "a0000000-0000-4000-8000-000000000002", displayName: "Alex Wilber" },
    ]);
    // a next page follows $top
    const next = users.json["@odata.nextLink"] as string;
    expect(next.startsWith(`${sim.baseUrl}/v1.0/users?`)).toBe(true);
    const page2 = await graph(next.slice(sim.baseUrl.length), token);
    expect(page2.json.value.map((u: { displayName: string }) => u.displayName)).toEqual(["Megan Bowen", "Nestor Wilke"]);
    expect(page2.json).not.toHaveProperty("@odata.nextLink");

    const devices = await graph("/v1.0/devices?%24select=id&%24top=1", token);
    expect(devices.status).toBe(200);
    expect(devices.json.value).toEqual([{ id: "d0000000-0000-4000-8000-000000000001" }]);

    const groups = await graph("/v1.0/groups?$select=id&$top=1", token);
    expect(groups.status).toBe(403);
    expect(groups.json.error.code).toBe("Authorization_RequestDenied");
    expect(groups.json.error.message).toBe("Insufficient privileges to complete the operation.");
    expect(groups.json.error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const members = await graph("/v1.0/groups/b0000000-0000-4000-8000-000000000001/members", token);
    expect(members.status).toBe(403);
  });

  it("lists groups and their members with GroupMember.Read.All or a broader role, 404 for an unknown group", async () => {
    for (const role of ["GroupMember.Read.All", "Directory.Read.All"]) {
      await reset((s) => (s.tenants[0]!.apps![0]!.grantedRoles = [role]));
      const token = await accessToken();
      const groups = await graph("/v1.0/groups?$select=id,displayName", token);
      expect(groups.status).toBe(200);
      expect(groups.json.value).toEqual([
        { id: "b0000000-0000-4000-8000-000000000001", displayName: "IT" },
        { id: "b0000000-0000-4000-8000-000000000002", displayName: "Sales" },
      ]);
      const members = await graph("/v1.0/groups/b0000000-0000-4000-8000-000000000001/members?$select=id&$top=1", token);
      expect(members.status).toBe(200);
      expect(members.json["@odata.context"]).toBe(`${sim.baseUrl}/v1.0/$metadata#directoryObjects(id)`);
      expect(members.json.value).toEqual([{ "@odata.type": "#microsoft.graph.user", id: "a0000000-0000-4000-8000-000000000001" }]);
      expect(members.json["@odata.nextLink"]).toContain("$skiptoken=");
      const missing = await graph("/v1.0/groups/99999999-9999-4999-8999-999999999999/members", token);
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe("Request_ResourceNotFound");
    }
  });

  it("requires a valid simulator token: 401 InvalidAuthenticationToken otherwise", async () => {
    const none = await graph("/v1.0/users", undefined);
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("InvalidAuthenticationToken");
    expect(none.json.error.message).toBe("Access token is empty.");
    expect((await graph("/v1.0/users", "garbage")).status).toBe(401);
    const token = await accessToken();
    const [h, p] = token.split(".") as [string, string];
    const payload = { ...claimsOf(token), roles: ["Directory.Read.All"] };
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${token.split(".")[2]}`;
    expect(p).not.toBe(tampered.split(".")[1]);
    const r = await graph("/v1.0/groups", tampered);
    expect(r.status).toBe(401);
    expect(r.json.error.message).toContain("Invalid signature");
    // expired by the server clock
    await reset((s) => (s.clockSkewSeconds = 2 * 3600));
    const expired = await graph("/v1.0/users", token);
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toContain("expired");
  });

  it("answers unknown Graph paths and methods with Graph-shaped errors", async () => {
    const token = await accessToken();
    const unknown = await graph("/v1.0/applications", token);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBeTypeOf("string");
    const post = await httpsRequest(`${sim.baseUrl}/v1.0/users`, { ca: sim.caPem, method: "POST", headers: { Authorization: `Bearer ${token}` }, body: "{" });
    expect(post.status).toBe(405);
    const top = await graph("/v1.0/users?$top=abc", token);
    expect(top.status).toBe(400);
  });
});

describe("state and faults", () => {
  it("re-reads the state file when it is rewritten mid-run", async () => {
    const before = await accessToken();
    expect((await graph("/v1.0/groups?$top=1", before)).status).toBe(403);
    // an admin grants consent: the file is rewritten in place by someone else
    const file = sim.stateFile!;
    const s = JSON.parse(fs.readFileSync(file, "utf8")) as SimulatorState;
    s.tenants[0]!.apps![0]!.grantedRoles!.push("GroupMember.Read.All");
    fs.writeFileSync(file, JSON.stringify(s));
    expect(sim.getState().tenants[0]!.apps![0]!.grantedRoles).toContain("GroupMember.Read.All");
    // the old token still lacks the role (as with real Graph); a fresh one has it
    expect((await graph("/v1.0/groups?$top=1", before)).status).toBe(403);
    const after = await accessToken();
    expect(claimsOf(after).roles).toEqual(["Device.Read.All", "User.Read.All", "GroupMember.Read.All"]);
    expect((await graph("/v1.0/groups?$top=1", after)).status).toBe(200);

    // a half-written file keeps the previous state instead of failing requests
    fs.writeFileSync(file, "{ \"tenants\": [");
    expect((await requestToken()).status).toBe(200);
    expect(logLines.some((l) => l.startsWith("warning: state file not reloaded"))).toBe(true);
  });

  it("update() writes the state file atomically", async () => {
    await sim.update((s) => (s.tenants[0]!.apps![0]!.displayName = "Renamed"));
    expect(JSON.parse(fs.readFileSync(sim.stateFile!, "utf8")).tenants[0].apps[0].displayName).toBe("Renamed");
    expect(fs.readdirSync(path.dirname(sim.stateFile!))).toEqual(["state.json"]);
  });

  it("answers 429 with Retry-After for `count` token requests, then normally", async () => {
    await reset((s) => (s.faults = { token: { status: 429, retryAfter: 2, count: 1 } }));
    const first = await requestToken();
    expectEntraError(first, 429, "temporarily_unavailable", 90055);
    expect(first.headers["retry-after"]).toBe("2");
    expect((await requestToken()).status).toBe(200);
    expect((await requestToken()).status).toBe(200);
  });

  it("injects Graph 429 and 500 on the given paths only", async () => {
    const token = await accessToken();
    await reset((s) => (s.faults = { graph: { status: 429, retryAfter: 1, count: 1, paths: ["/v1.0/users"] } }));
    expect((await graph("/v1.0/devices", token)).status).toBe(200);
    const throttled = await graph("/v1.0/users", token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers["retry-after"]).toBe("1");
    expect(throttled.json.error.code).toBe("TooManyRequests");
    expect((await graph("/v1.0/users", token)).status).toBe(200);

    await reset((s) => (s.faults = { graph: { status: 500, count: 2, paths: ["/v1.0/groups/*/members"] } }));
    const path1 = "/v1.0/groups/b0000000-0000-4000-8000-000000000001/members";
    expect((await graph(path1, token)).status).toBe(500);
    expect((await graph(path1, token)).status).toBe(500);
    expect((await graph(path1, token)).status).toBe(403); // fault used up; the token lacks GroupMember.Read.All

    await reset((s) => (s.faults = { token: { status: 500 } })); // no count: every time
    expectEntraError(await requestToken(), 500, "server_error", 50000);
    expectEntraError(await requestToken(), 500, "server_error", 50000);
  });

  it("drops connections without an answer, then serves again", async () => {
    await reset((s) => (s.faults = { dropConnections: { count: 1, scope: "token" } }));
    // discovery is not in the "token" scope
    expect((await httpsRequest(`${sim.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: sim.caPem })).status).toBe(200);
    await expect(requestToken()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect((await requestToken()).status).toBe(200);
  });

  it("adds latency before every response", async () => {
    await reset((s) => (s.faults = { latencyMs: 300 }));
    const t0 = performance.now();
    const r = await httpsRequest(`${sim.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: sim.caPem });
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
  });
});

describe("lifecycle", () => {
  it("uses in-memory state without a state file, and close() does not hang on keep-alive sockets", async () => {
    const mem = await startSimulator({ state: baseline() });
    expect(mem.stateFile).toBeUndefined();
    const agent = new https.Agent({ keepAlive: true, ca: mem.caPem });
    const r = await httpsRequest(`${mem.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: mem.caPem, agent });
    expect(r.status).toBe(200);
    await mem.update((s) => (s.tenants[0]!.domains = ["fabrikam.example"]));
    expect((await httpsRequest(`${mem.baseUrl}/fabrikam.example/v2.0/.well-known/openid-configuration`, { ca: mem.caPem, agent })).status).toBe(200);
    const dir = path.dirname(mem.caFile);
    const t0 = performance.now();
    await mem.close();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(fs.existsSync(dir)).toBe(false); // its own temp dir is removed
    agent.destroy();
    await expect(httpsRequest(`${mem.baseUrl}/`, { ca: mem.caPem })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("refuses an invalid state file at start with a message naming the field", async () => {
    const bad = path.join(tmp, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ tenants: [{ id: 5 }] }));
    await expect(startSimulator({ stateFile: bad })).rejects.toMatchObject({ name: "SimulatorStateError", code: "invalid_simulator_state", message: expect.stringContaining('"tenants[0].id" must be a string') });
  });

  it("creates a missing state file from the sample tenant", async () => {
    const file = path.join(tmp, "new", "state.json");
    const s2 = await startSimulator({ stateFile: file });
    try {
      expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(sampleState());
      expect(s2.getState().tenants[0]!.apps![0]!.grantedRoles).toEqual(["Device.Read.All", "User.Read.All"]);
    } finally {
      await s2.close();
    }
  });

  it("runSimulatorCli prints one JSON line and closes", async () => {
    const written: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    const sigterms = process.listenerCount("SIGTERM");
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let cli: RunningSimulator;
    try {
      cli = await runSimulatorCli({ port: 0 });
    } finally {
      process.stdout.write = orig;
    }
    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0]!);
    expect(line).toEqual({ port: cli.port, caFile: cli.caFile, baseUrl: `https://127.0.0.1:${cli.port}`, stateFile: cli.stateFile });
    expect(fs.readFileSync(line.caFile, "utf8")).toBe(cli.caPem);
    expect(JSON.parse(fs.readFileSync(line.stateFile, "utf8")).tenants[0].id).toBe(TENANT);
    expect(process.listenerCount("SIGTERM")).toBe(sigterms + 1);
    await cli.close();
    expect(process.listenerCount("SIGTERM")).toBe(sigterms);
    expect(fs.existsSync(line.caFile)).toBe(false);
  });

  it("the CLI entry closes on SIGTERM (bundled and run as a real process)", async () => {
    const { build } = await import("esbuild");
    const entry = path.join(tmp, "cli-entry.mjs");
    const bundle = path.join(tmp, "cli-bundle.mjs");
    fs.writeFileSync(entry, `import { runSimulatorCli } from ${JSON.stringify(path.resolve("src/simulator/index.ts"))};\nawait runSimulatorCli({ port: 0 });\n`);
    await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "silent", external: ["node-forge"], nodePaths: [path.resolve("node_modules")] });
    fs.symlinkSync(path.resolve("node_modules"), path.join(tmp, "node_modules"));
    const child = spawn(process.execPath, [bundle], { stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child.on("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const info = JSON.parse(line);
    const r = await httpsRequest(`${info.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, { ca: fs.readFileSync(info.caFile, "utf8") });
    expect(r.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(fs.existsSync(info.caFile)).toBe(false);
  });
});
