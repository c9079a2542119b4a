// Test profiles in a temporary home (vault file store, passphrase from the environment) and import material
// made at test time: a legacy OpenSSL-encrypted RSA key (Proc-Type: 4,ENCRYPTED) with its self-signed certificate.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Profile, resolveProfileLocation } from "../store/profile.js";

export interface TempProfile {
  home: string;
  env: NodeJS.ProcessEnv;
  open(): Promise<Profile>;
  remove(): void;
}

export function tempProfile(prefix = "ibi-actions-"): TempProfile {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase" };
  return {
    home,
    env,
    open: () => Profile.open(resolveProfileLocation(env, "default"), { env }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * Writes `dir/name` holding a self-signed certificate and its RSA key encrypted the legacy OpenSSL way
 * ("-----BEGIN RSA PRIVATE KEY-----" with Proc-Type: 4,ENCRYPTED and DEK-Info), as `openssl genrsa -aes256
 * -traditional` makes it. Returns the file and the certificate's SHA-1 thumbprint as the portal shows it.
 */
export function writeLegacyEncryptedPem(dir: string, passphrase: string, name = "legacy.pem"): { file: string; thumbprintSha1: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase },
  });
  const keyFile = join(dir, `${name}.key`);
  writeFileSync(keyFile, privateKey, { mode: 0o600 });
  const certPem = execFileSync(
    "openssl",
    ["req", "-x509", "-new", "-key", keyFile, "-passin", `pass:${passphrase}`, "-subj", "/CN=Legacy PEM", "-days", "90", "-sha256"],
    { encoding: "utf8" },
  );
  rmSync(keyFile);
  const file = join(dir, name);
  writeFileSync(file, `${certPem}${privateKey}`, { mode: 0o600 });
  const fp = execFileSync("openssl", ["x509", "-noout", "-fingerprint", "-sha1"], { input: certPem, encoding: "utf8" });
  return { file, thumbprintSha1: fp.split("=")[1]!.replace(/[:\s]/g, "").toUpperCase(), keyPem: privateKey };
}
