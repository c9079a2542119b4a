// Helpers for tests that talk to the simulator: a client certificate to "upload", a hand-signed client
// assertion (as msal-node builds it), and an HTTPS request that trusts the simulator's CA.
import crypto from "node:crypto";
import https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { promisify } from "node:util";

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
  key: crypto.KeyObject;
  /** upper-case hex, as the Azure portal shows it */
  thumbprintSha256: string;
  thumbprintSha1: string;
  der: Buffer;
}

/** A self-signed RSA 2048 client certificate (node-forge for X.509, the key from node:crypto). */
export async function createClientCertificate(opts: { cn?: string; notBefore?: Date; notAfter?: Date } = {}): Promise<ClientCertificate> {
  const [{ default: forge }, keys] = await Promise.all([
    import("node-forge"),
    promisify(crypto.generateKeyPair)("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    }),
  ]);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = "01" + crypto.randomBytes(8).toString("hex");
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 5 * 60 * 1000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const name = [{ name: "commonName", value: opts.cn ?? "IBI-helpMe test" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const der = new crypto.X509Certificate(certPem).raw;
  return {
    certPem,
    keyPem: keys.privateKey,
    key: crypto.createPrivateKey(keys.privateKey),
    thumbprintSha256: crypto.createHash("sha256").update(der).digest("hex").toUpperCase(),
    thumbprintSha1: crypto.createHash("sha1").update(der).digest("hex").toUpperCase(),
    der,
  };
}

/** A client assertion like msal-node's: PS256 + x5t#S256 by default, RS256 + x5t with `alg: "RS256"`. */
export function signClientAssertion(
  cert: Pick<ClientCertificate, "key" | "der">,
  claims: { aud: string; clientId: string; nbf?: number; exp?: number; iss?: string; sub?: string },
  alg: "PS256" | "RS256" = "PS256",
): string {
  const now = Math.floor(Date.now() / 1000);
  const header =
    alg === "PS256"
      ? { alg, typ: "JWT", "x5t#S256": crypto.createHash("sha256").update(cert.der).digest("base64url") }
      : { alg, typ: "JWT", x5t: crypto.createHash("sha1").update(cert.der).digest("base64url") };
  const payload = {
    aud: claims.aud,
    iss: claims.iss ?? claims.clientId,
    sub: claims.sub ?? claims.clientId,
    jti: crypto.randomUUID(),
    nbf: claims.nbf ?? now,
    exp: claims.exp ?? now + 600,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  const padding = alg === "PS256" ? { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST } : { padding: crypto.constants.RSA_PKCS1_PADDING };
  const sig = crypto.sign("sha256", Buffer.from(input), { key: cert.key, ...padding });
  return `${input}.${sig.toString("base64url")}`;
}

export interface SimpleResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** parsed JSON body (undefined when the body is not JSON) */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTPS request without keep-alive, trusting `ca`. */
export function httpsRequest(
  url: string,
  opts: { ca: string | string[]; method?: string; headers?: Record<string, string>; body?: string; agent?: https.Agent } = { ca: [] },
): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? "GET", headers: opts.headers, ca: opts.ca, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** POSTs an application/x-www-form-urlencoded token request. */
export function postForm(url: string, ca: string, form: Record<string, string>): Promise<SimpleResponse> {
  return httpsRequest(url, {
    ca,
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}
