import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeOpenIdConfiguration, RecordingNetworkModule } from "./msal-network.js";

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith("/slow")) return; // never answers: only a timeout or cancel ends it
    res.setHeader("content-type", "application/json");
    res.setHeader("retry-after", "7");
    res.statusCode = 400;
    res.end(JSON.stringify({ error: "invalid_tenant", error_description: "AADSTS90002: Tenant 'x' not found.\r\nTrace ID: t", error_codes: [90002] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("RecordingNetworkModule (both sign-ins)", () => {
  it("records status, headers and the OAuth error fields msal drops", async () => {
    const net = new RecordingNetworkModule(5000);
    const r = await net.sendPostRequestAsync(`${base}/t/oauth2/v2.0/token`, { body: "a=b" });
    expect(r.status).toBe(400);
    expect(net.last).toMatchObject({ method: "POST", status: 400, headers: { "retry-after": "7" }, oauth: { error: "invalid_tenant", description: "AADSTS90002: Tenant 'x' not found.", codes: [90002] } });
  });

  it("stops at its timeout, and at the caller's cancel, recording the transport error", async () => {
    const timed = new RecordingNetworkModule(100);
    await expect(timed.sendGetRequestAsync(`${base}/slow`)).rejects.toMatchObject({ name: "TimeoutError" });
    expect(timed.last).toMatchObject({ status: null });
    expect(timed.last!.error).toBeDefined();

    const cancel = new AbortController();
    const net = new RecordingNetworkModule(60_000, cancel.signal);
    const pending = net.sendPostRequestAsync(`${base}/slow`);
    setTimeout(() => cancel.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("probeOpenIdConfiguration", () => {
  it("names the AADSTS code of the answer", async () => {
    const p = await probeOpenIdConfiguration(base, "fabrikam.example", 5000);
    expect(p).toMatchObject({ url: `${base}/fabrikam.example/v2.0/.well-known/openid-configuration`, status: 400, aadsts: 90002, description: "AADSTS90002: Tenant 'x' not found." });
  });
});
