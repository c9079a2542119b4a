// A throw-away certificate authority and the TLS certificate of the simulator (127.0.0.1 / localhost), made fresh
// on every start. Private keys stay in memory; only certificates are written to disk, so trusting ca.pem can
// never let anyone else mint certificates once the simulator is gone.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const generateKeyPair = promisify(crypto.generateKeyPair);

export interface SimulatorTls {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** the server key, as a KeyObject (also signs the simulator's access tokens) */
  key: crypto.KeyObject;
}

async function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateKeyPair("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

function serialHex(): string {
  const b = crypto.randomBytes(16);
  b[0] = b[0]! & 0x7f; // positive INTEGER
  return b.toString("hex");
}

export async function createSimulatorTls(): Promise<SimulatorTls> {
  const [{ default: forge }, caKeys, serverKeys] = await Promise.all([import("node-forge"), rsaKeyPair(), rsaKeyPair()]);
  const pki = forge.pki;
  const caKey = pki.privateKeyFromPem(caKeys.privateKey);
  const now = Date.now();

  const ca = pki.createCertificate();
  ca.publicKey = pki.publicKeyFromPem(caKeys.publicKey);
  ca.serialNumber = serialHex();
  ca.validity.notBefore = new Date(now - 60 * 60 * 1000);
  ca.validity.notAfter = new Date(now + 365 * 24 * 60 * 60 * 1000);
  const caName = [
    { name: "commonName", value: `ibi-entra simulator CA ${new Date(now).toISOString()}` },
    { name: "organizationName", value: "ibi-entra simulator (local test only)" },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const server = pki.createCertificate();
  server.publicKey = pki.publicKeyFromPem(serverKeys.publicKey);
  server.serialNumber = serialHex();
  server.validity.notBefore = new Date(now - 60 * 60 * 1000);
  server.validity.notAfter = new Date(now + 90 * 24 * 60 * 60 * 1000);
  server.setSubject([{ name: "commonName", value: "127.0.0.1" }]);
  server.setIssuer(caName);
  server.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 7, ip: "127.0.0.1" },
        { type: 2, value: "localhost" },
      ],
    },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKey, forge.md.sha256.create());

  return {
    caPem: pki.certificateToPem(ca),
    certPem: pki.certificateToPem(server),
    keyPem: serverKeys.privateKey,
    key: crypto.createPrivateKey(serverKeys.privateKey),
  };
}

/** Writes ca.pem and server.pem (certificates only) into `dir`, creating it 0700. Returns the CA file path. */
export function writeTlsFiles(dir: string, tls: SimulatorTls): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, tls.caPem, { mode: 0o600 });
  fs.chmodSync(caFile, 0o600); // writeFileSync's mode only applies to a new file
  const serverFile = path.join(dir, "server.pem");
  fs.writeFileSync(serverFile, tls.certPem, { mode: 0o600 });
  fs.chmodSync(serverFile, 0o600);
  return caFile;
}
