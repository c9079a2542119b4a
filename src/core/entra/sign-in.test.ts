// Sign-in and probes against a tiny HTTPS fake whose answers each test chooses, for what the simulator does not
// do on purpose (an empty token) and to see exactly what goes over the wire.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installNetworkDispatcher } from "./network.js";
import { checkExitCode, runCheck, type CheckInput } from "./check.js";
import type { RecordingNetworkModule } from "./msal-network.js";
import { msalConfiguration } from "./sign-in.js";
import { makeTestCertificate } from "./certificate.test-support.js";
import type { CheckCertificate } from "./types.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: https.Server;
let base = "";
let caPem = "";
let cert: CheckCertificate;
let seen: Seen[] = [];
let answer: (req: Seen) => { status: number; body: unknown; headers?: Record<string, string> };

function jwt(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "RS256", typ: "JWT" })}.${b64(payload)}.c2ln`;
}

beforeAll(async () => {
  cert = await makeTestCertificate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-check-fake-"));
  try {
    execFileSync(
      "/usr/bin/openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`, "-days", "2", "-subj", "/CN=fake", "-addext", "subjectAltName=IP:127.0.0.1"],
      { stdio: "pipe" },
    );
    caPem = fs.readFileSync(`${dir}/cert.pem`, "utf8");
    server = https.createServer({ key: fs.readFileSync(`${dir}/key.pem`), cert: caPem }, (req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
        seen.push(s);
        const a = answer(s);
        res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
        res.end(JSON.stringify(a.body));
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  installNetworkDispatcher({ extraCaPem: [caPem] });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
});

const input = (over: Partial<CheckInput> = {}): CheckInput => ({
  tenantId: "contoso.onmicrosoft.com",
  applicationId: "22222222-2222-2222-2222-222222222222",
  cloud: "global",
  authorityHost: base,
  graphHost: base,
  certificate: cert,
  ...over,
});

describe("sign-in on the wire", () => {
  it("one token POST with a PS256 assertion carrying x5t#S256; probes send the token and Accept-Language en-US", async () => {
    const token = jwt({ aud: base, roles: ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"] });
    answer = (r) =>
      r.method === "POST"
        ? { status: 200, body: { token_type: "Bearer", expires_in: 3599, access_token: token } }
        : r.url.startsWith("/v1.0/groups?")
          ? { status: 200, body: { value: [{ id: "g1" }] } }
          : { status: 200, body: { value: [] } };
    const r = await runCheck(input());
    expect(r.ok).toBe(true);
    const lines = seen.map((s) => `${s.method} ${s.url.split("?")[0]}`);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("POST /contoso.onmicrosoft.com/oauth2/v2.0/token");
    // the order within the parallel round varies
    expect(new Set(lines.slice(1, 4))).toEqual(new Set(["GET /v1.0/devices", "GET /v1.0/users", "GET /v1.0/groups"]));
    expect(lines[4]).toBe("GET /v1.0/groups/g1/members");
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe(`${base}/.default`);
    const header = JSON.parse(Buffer.from(form.get("client_assertion")!.split(".")[0]!, "base64url").toString()) as Record<string, string>;
    expect(header["alg"]).toBe("PS256");
    expect(Buffer.from(header["x5t#S256"]!, "base64url").toString("hex").toUpperCase()).toBe(cert.thumbprintSha256);
    for (const g of seen.slice(1)) {
      expect(g.headers.authorization).toBe(`Bearer ${token}`);
      expect(g.headers["accept-language"]).toBe("en-US");
    }
  });

  it("a 200 without an access token is empty_token, never success", async () => {
    answer = () => ({ status: 200, body: {} });
    const r = await runCheck(input());
    expect(r.ok).toBe(false);
    expect(r.authentication).toMatchObject({ ok: false, code: "empty_token" });
    expect(checkExitCode(r)).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it("a token without roles: every permission missing, hints carry the consent URL", async () => {
    answer = (r) => (r.method === "POST" ? { status: 200, body: { access_token: jwt({ aud: base }), expires_in: 3599, token_type: "Bearer" } } : { status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.\u001b[2J" } } });
    const r = await runCheck(input());
    expect(r.authentication.ok).toBe(true);
    expect(r.authentication.message).toContain("no application permissions");
    for (const p of r.permissions) {
      expect(p).toMatchObject({ granted: false, coveredBy: null, ok: false, probe: { status: 403, code: "Authorization_RequestDenied" } });
      expect(p.hint).toContain(r.consentUrl);
      expect(p.probe!.note).not.toContain("\u001b");
    }
  });

  it("Graph allows a read the token does not list (e.g. User.ReadBasic.All): not ok, says IBI-aws needs the permission", async () => {
    answer = (r) =>
      r.method === "POST"
        ? { status: 200, body: { access_token: jwt({ roles: ["Device.Read.All", "User.ReadBasic.All", "GroupMember.Read.All"] }), expires_in: 3599 } }
        : { status: 200, body: { value: [] } };
    const r = await runCheck(input());
    const u = r.permissions.find((p) => p.name === "User.Read.All")!;
    expect(u).toMatchObject({ ok: false, granted: false, probe: { ok: true } });
    expect(u.hint).toContain("User.ReadBasic.All");
    expect(r.permissions.find((p) => p.name === "GroupMember.Read.All")!.probe!.note).toContain("no groups");
  });

  it("the token endpoint's HTML error page (e.g. a proxy's) is not taken for a token", async () => {
    answer = () => ({ status: 502, body: "<html>bad gateway</html>" });
    const r = await runCheck(input());
    expect(r.authentication.ok).toBe(false);
    expect(r.authentication.code).toBe("empty_token");
    expect(r.authentication.message).toContain("HTTP 502");
  });
});

describe("msal configuration", () => {
  it("Microsoft's hosts, their aliases and custom hosts all cost only the token POST (no discovery)", async () => {
    const msal = await import("@azure/msal-node");
    const urls: string[] = [];
    const recorder = {
      sendGetRequestAsync: async (u: string) => {
        urls.push(`GET ${u}`);
        return { status: 404, headers: {}, body: {} };
      },
      sendPostRequestAsync: async (u: string) => {
        urls.push(`POST ${u.split("?")[0]}`);
        return { status: 200, headers: {}, body: { access_token: "h.p.s", expires_in: 3599, token_type: "Bearer" } };
      },
    } as unknown as RecordingNetworkModule;
    const hosts = ["https://login.microsoftonline.com", "https://login.microsoftonline.us", "https://login.partner.microsoftonline.cn", "https://login.chinacloudapi.cn", "https://127.0.0.1:8443"];
    for (const authorityHost of hosts) {
      const config = msalConfiguration(
        { tenantId: "contoso.onmicrosoft.com", applicationId: "22222222-2222-2222-2222-222222222222", authorityHost, graphHost: "https://graph.microsoft.com", thumbprintSha256: cert.thumbprintSha256, keyPem: cert.keyPem },
        recorder,
      );
      const r = await new msal.ConfidentialClientApplication(config).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"], skipCache: true });
      expect(r?.accessToken).toBe("h.p.s");
    }
    expect(urls).toEqual(hosts.map((h) => `POST ${h}/contoso.onmicrosoft.com/oauth2/v2.0/token`));
  });

  it("a colon-separated thumbprint is given to msal as bare hex", () => {
    const config = msalConfiguration(
      { tenantId: "t.example", applicationId: "a", authorityHost: "https://login.microsoftonline.com", graphHost: "https://graph.microsoft.com", thumbprintSha256: "AB:CD:EF", keyPem: "" },
      {} as RecordingNetworkModule,
    );
    expect(config.auth.clientCertificate?.thumbprintSha256).toBe("ABCDEF");
  });
});
