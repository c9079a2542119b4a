// Real @azure/msal-node against the simulator. msal uses the global fetch, and NODE_EXTRA_CA_CERTS is only read
// at process start, so the simulator's CA is trusted in-process through an undici global dispatcher.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_APP_ID, SAMPLE_TENANT_ID, sampleState, startSimulator, type RunningSimulator } from "./index.js";
import { createClientCertificate, type ClientCertificate } from "./simulator.test-support.js";

let sim: RunningSimulator;
let cert: ClientCertificate;
let tmp: string;
let previous: Dispatcher;
const requests: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-sim-msal-"));
  cert = await createClientCertificate();
  const state = sampleState();
  state.tenants[0]!.apps![0]!.certificates = [{ certPem: cert.certPem }];
  sim = await startSimulator({ state, dir: tmp, log: (l) => requests.push(l) });
  previous = getGlobalDispatcher();
});

afterAll(async () => {
  setGlobalDispatcher(previous);
  await sim?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function msalApp(authorityTenant: string, c: ClientCertificate = cert) {
  const { ConfidentialClientApplication } = await import("@azure/msal-node");
  return new ConfidentialClientApplication({
    auth: {
      clientId: SAMPLE_APP_ID,
      authority: `${sim.baseUrl}/${authorityTenant}`,
      knownAuthorities: [`127.0.0.1:${sim.port}`],
      clientCertificate: { thumbprintSha256: c.thumbprintSha256, privateKey: c.keyPem },
    },
  });
}

function claims(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString());
}
/** "POST /x/oauth2/v2.0/token?client-request-id=… 200" → "POST /x/oauth2/v2.0/token" */
function pathOnly(logLine: string): string {
  return logLine.replace(/ \d+$/, "").replace(/\?.*$/, "");
}
function roles(accessToken: string): unknown {
  return claims(accessToken).roles;
}

describe("msal-node 7.2.3 against the simulator", () => {
  it("fails while the simulator's CA is not trusted (endpoints_resolution_error: discovery is the first request)", async () => {
    const app = await msalApp(SAMPLE_TENANT_ID);
    await expect(app.acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] })).rejects.toMatchObject({ errorCode: "endpoints_resolution_error" });
  });

  it("signs in with a certificate (PS256, x5t#S256) once the CA is trusted via an undici global dispatcher", async () => {
    setGlobalDispatcher(new Agent({ connect: { ca: [...tls.rootCertificates, sim.caPem] } }));
    requests.length = 0;
    const app = await msalApp(SAMPLE_TENANT_ID);
    const result = await app.acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    expect(result?.accessToken).toBeTruthy();
    expect(claims(result!.accessToken).tid).toBe(SAMPLE_TENANT_ID);
    expect(roles(result!.accessToken)).toEqual(["Device.Read.All", "User.Read.All"]);
    // with knownAuthorities msal skips instance discovery and asks only for the tenant's OpenID configuration
    expect(requests.map(pathOnly)).toEqual([
      `GET /${SAMPLE_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      `POST /${SAMPLE_TENANT_ID}/oauth2/v2.0/token`,
    ]);
  });

  it("signs in with a domain authority (token request to the domain form of the endpoint)", async () => {
    requests.length = 0;
    const app = await msalApp("contoso.onmicrosoft.com");
    const result = await app.acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    expect(claims(result!.accessToken).tid).toBe(SAMPLE_TENANT_ID);
    expect(requests.map(pathOnly)).toEqual([
      "GET /contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
      "POST /contoso.onmicrosoft.com/oauth2/v2.0/token",
    ]);
  });

  it("with authorityMetadata + cloudDiscoveryMetadata (as the check engine does) sends only the token request", async () => {
    const { ConfidentialClientApplication } = await import("@azure/msal-node");
    const host = `127.0.0.1:${sim.port}`;
    const t = SAMPLE_TENANT_ID;
    requests.length = 0;
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: SAMPLE_APP_ID,
        authority: `${sim.baseUrl}/${t}`,
        knownAuthorities: [host],
        clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.keyPem },
        cloudDiscoveryMetadata: JSON.stringify({
          tenant_discovery_endpoint: `${sim.baseUrl}/${t}/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        }),
        authorityMetadata: JSON.stringify({
          token_endpoint: `${sim.baseUrl}/${t}/oauth2/v2.0/token`,
          authorization_endpoint: `${sim.baseUrl}/${t}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${sim.baseUrl}/${t}/oauth2/v2.0/logout`,
          issuer: `${sim.baseUrl}/${t}/v2.0`,
          jwks_uri: `${sim.baseUrl}/${t}/discovery/v2.0/keys`,
        }),
      },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    expect(claims(result!.accessToken).appid).toBe(SAMPLE_APP_ID);
    expect(requests.map(pathOnly)).toEqual([`POST /${t}/oauth2/v2.0/token`]);
    expect(requests[0]).toMatch(/\?client-request-id=[0-9a-f-]{36} 200$/);
  });

  it("sees consent granted mid-run with a fresh instance", async () => {
    await sim.update((s) => s.tenants[0]!.apps![0]!.grantedRoles!.push("GroupMember.Read.All"));
    const result = await (await msalApp(SAMPLE_TENANT_ID)).acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    expect(roles(result!.accessToken)).toEqual(["Device.Read.All", "User.Read.All", "GroupMember.Read.All"]);
  });

  it("surfaces AADSTS700027 as a ServerError for a certificate that is not uploaded", async () => {
    const notUploaded = await createClientCertificate({ cn: "not uploaded" });
    const app = await msalApp(SAMPLE_TENANT_ID, notUploaded);
    const err = await app.acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] }).then(
      () => undefined,
      (e: unknown) => e as { errorCode: string; errorNo: unknown; errorMessage: string; status: number; name: string },
    );
    expect(err).toMatchObject({ name: "ServerError", errorCode: "invalid_client", errorNo: 700027, status: 401 });
    // msal wraps the description: "Error(s): 700027 - Timestamp: … - Description: AADSTS700027: …"
    expect(err!.errorMessage).toContain("Description: AADSTS700027: The certificate with identifier used to sign the client assertion is not registered");
  });

  it("rewraps an unknown tenant as endpoints_resolution_error (discovery answered AADSTS90002)", async () => {
    requests.length = 0;
    const app = await msalApp("fabrikam.onmicrosoft.com");
    await expect(app.acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] })).rejects.toMatchObject({ errorCode: "endpoints_resolution_error" });
    expect(requests).toEqual(["GET /fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration 400"]);
  });
});

describe("@microsoft/microsoft-graph-client 3.0.7 against the simulator", () => {
  async function graphClient(token: string) {
    const { Client } = await import("@microsoft/microsoft-graph-client");
    return Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => token },
      baseUrl: `${sim.baseUrl}/`,
      customHosts: new Set(["127.0.0.1"]),
      fetchOptions: { headers: { "Accept-Language": "en-US" } },
    });
  }

  it("reads with the token, gets a GraphError 403 without the role, and retries a 429 after Retry-After", async () => {
    setGlobalDispatcher(new Agent({ connect: { ca: [...tls.rootCertificates, sim.caPem] } }));
    await sim.update((s) => (s.tenants[0]!.apps![0]!.grantedRoles = ["User.Read.All"]));
    const result = await (await msalApp(SAMPLE_TENANT_ID)).acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    const client = await graphClient(result!.accessToken);
    const users = await client.api("/users").version("v1.0").select("id").top(1).get();
    expect(users.value).toEqual([{ id: "a0000000-0000-4000-8000-000000000001" }]);

    await expect(client.api("/devices").version("v1.0").top(1).get()).rejects.toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });

    await sim.update((s) => (s.faults = { graph: { status: 429, retryAfter: 1, count: 1 } }));
    requests.length = 0;
    const t0 = performance.now();
    const again = await client.api("/users").version("v1.0").select("id").top(1).get();
    expect(again.value).toHaveLength(1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(requests.map((l) => l.replace(/\?.*? /, " "))).toEqual(["GET /v1.0/users 429", "GET /v1.0/users 200"]);
  });
});
