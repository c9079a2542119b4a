// Shared by the certificate tests (generate, x509, pfx, import): openssl is the judge, every property of a
// generated, exported or imported certificate is read back with it; plus the material the tests work on.
import { execFileSync, spawnSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { IbiError } from "../errors.js";
import { generateCertificate } from "./generate.js";
import type { CertificateMaterial } from "./x509.js";

export const OPENSSL = "/usr/bin/openssl";
let dir: string;
export const file = (name: string) => path.join(dir, name);

export function openssl(args: string[], input?: string | Buffer): string {
  return execFileSync(OPENSSL, args, { input, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
}

/** stdout and stderr together (openssl prints some reports to stderr); throws when openssl fails. */
export function opensslAll(args: string[]): string {
  const r = spawnSync(OPENSSL, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** The hex fingerprint openssl reports, without colons. */
export function opensslFingerprint(certFile: string, digest: "sha1" | "sha256", inform = "PEM"): string {
  const out = openssl(["x509", "-inform", inform, "-in", certFile, "-noout", "-fingerprint", `-${digest}`]);
  return out.trim().split("=")[1]!.replaceAll(":", "");
}

/** Public key (SPKI DER, base64) of a PEM private key or certificate, for comparing pairs. */
export const spkiOf = (pem: string) => createPublicKey(pem).export({ type: "spki", format: "der" }).toString("base64");

export async function rejection(p: Promise<unknown>): Promise<IbiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IbiError);
    return e as IbiError;
  }
  throw new Error("expected a rejection");
}

export function thrown(fn: () => unknown): IbiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IbiError);
    return e as IbiError;
  }
  throw new Error("expected an exception");
}

// One generated certificate serves most tests; a fixed "now" (whole seconds, as X.509 stores) makes dates exact.
export const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
// A live binding: set by the beforeAll of useCertificateFixtures, read by the tests.
export let main: CertificateMaterial;

/** Registers the hooks that create (and remove) the temporary directory with the test material. */
export function useCertificateFixtures(): void {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-certs-"));
    main = await generateCertificate({ now: NOW, days: 365 });
    fs.writeFileSync(file("main.pem"), main.certPem);
    fs.writeFileSync(file("main.key"), main.keyPem);
    // openssl-made material: an EC certificate, a CA-signed leaf, a 1024-bit RSA certificate
    const req = (key: string, out: string, subj: string, ...extra: string[]) =>
      openssl(["req", "-x509", "-nodes", "-keyout", file(key), "-out", file(out), "-subj", subj, "-days", "2", ...extra]);
    req("ec.key", "ec.pem", "/O=Org/CN=ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    req("ca.key", "ca.pem", "/CN=Test CA", "-newkey", "rsa:2048");
    req("small.key", "small.pem", "/CN=small", "-newkey", "rsa:1024");
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("leaf.key"), "-out", file("leaf.csr"), "-subj", "/CN=leaf"]);
    openssl(["x509", "-req", "-in", file("leaf.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-set_serial", "7", "-out", file("leaf.pem"), "-days", "2"]);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
