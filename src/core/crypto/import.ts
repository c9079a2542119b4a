// Import of an existing certificate with its private key: a PFX/PKCS#12 file (binary or base64) or a PEM file
// (certificate plus a PKCS#8, PKCS#1 or encrypted key). The result is checked the way Entra ID and msal-node need it:
// the key belongs to the certificate, is RSA and has at least 2048 bits.
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { IbiError } from "../errors.js";
import { isDerSequence, pemBlocks, toPem, type PemBlock } from "./pem.js";
import { IMPORT_ACCEPTED, readPfx } from "./pfx.js";
import { keyMatches, type CertificateMaterial } from "./x509.js";

/** Entra ID and msal-node refuse RSA keys below this size. */
export const MIN_RSA_BITS = 2048;

export async function importCertificateFile(data: Buffer, password?: string): Promise<CertificateMaterial> {
  const text = data.toString("latin1");
  let certs: X509Certificate[];
  let keys: KeyObject[];

  if (text.includes("-----BEGIN ")) {
    ({ certs, keys } = readPem(text, password));
  } else {
    const pfx = isDerSequence(data) ? data : base64Pfx(text);
    if (pfx && !looksLikeBareCertificate(pfx)) {
      ({ certs, keys } = await readPfx(pfx, password));
    } else {
      if (isDerSequence(data) && looksLikeBareCertificate(data)) throw noPrivateKey("the file holds only a DER certificate");
      throw new IbiError("not_a_certificate", "file is not a certificate: neither PFX/PKCS#12 nor PEM", { hint: IMPORT_ACCEPTED });
    }
  }

  if (certs.length === 0) {
    throw new IbiError("not_a_certificate", "file holds no certificate", { hint: IMPORT_ACCEPTED });
  }
  if (keys.length === 0) throw noPrivateKey("the file holds a certificate but no private key");

  // The leaf is the certificate whose public key belongs to the private key (a PFX may carry the whole chain).
  let pair: { cert: X509Certificate; key: KeyObject } | undefined;
  for (const key of keys) {
    const cert = certs.find((c) => keyMatches(c, key));
    if (cert) {
      pair = { cert, key };
      break;
    }
  }
  if (!pair) {
    throw new IbiError("key_mismatch", "private key does not belong to the certificate in the file", {
      hint: "use the private key that was created together with this certificate",
    });
  }

  const { cert, key } = pair;
  if (key.asymmetricKeyType !== "rsa") {
    throw new IbiError(
      "unsupported_key_type",
      `private key is ${key.asymmetricKeyType?.toUpperCase() ?? "of an unknown type"}: only RSA keys are accepted (msal-node signs the sign-in assertion with RSA)`,
      { hint: "create an RSA certificate of 2048 bits or more", next: [{ action: "generateCertificate" }] },
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new IbiError("key_too_small", `private key has ${bits} bits: Entra ID accepts RSA keys of ${MIN_RSA_BITS} bits or more`, {
      hint: "create a new certificate with 2048, 3072 or 4096 bits",
      next: [{ action: "generateCertificate" }],
    });
  }
  return {
    certPem: toPem("CERTIFICATE", cert.raw),
    keyPem: key.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

function noPrivateKey(what: string): IbiError {
  return new IbiError("no_private_key", `${what}: the private key is needed to sign in`, { hint: IMPORT_ACCEPTED });
}

function looksLikeBareCertificate(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

/** Some tools (e.g. Key Vault secret downloads) store a PFX as base64 text. */
function base64Pfx(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const der = Buffer.from(compact, "base64");
  return isDerSequence(der) ? der : undefined;
}

const PEM_KEY_LABELS = new Set(["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY"]);

function readPem(text: string, password: string | undefined): { certs: X509Certificate[]; keys: KeyObject[] } {
  const blocks = pemBlocks(text);
  const certs: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  for (const block of blocks) {
    if (block.label === "CERTIFICATE") {
      try {
        certs.push(new X509Certificate(block.der));
      } catch {
        throw new IbiError("not_a_certificate", "PEM file holds a CERTIFICATE block that cannot be read", { hint: IMPORT_ACCEPTED });
      }
    } else if (PEM_KEY_LABELS.has(block.label)) {
      keys.push(readPemKey(block, password));
    }
  }
  return { certs, keys };
}

function readPemKey(block: PemBlock, password: string | undefined): KeyObject {
  const encrypted = block.label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
  if (encrypted && !password) {
    throw new IbiError("key_password_required", "private key in the PEM file is encrypted: its password is needed", {
      hint: "give the password of the private key",
    });
  }
  try {
    return createPrivateKey({ key: block.text, format: "pem", ...(encrypted ? { passphrase: password } : {}) });
  } catch {
    if (encrypted) {
      throw new IbiError("wrong_key_password", "private key password is wrong: the encrypted PEM key cannot be decrypted", {
        hint: "give the password the private key was encrypted with",
      });
    }
    throw new IbiError("not_a_certificate", `PEM file holds a ${block.label} block that cannot be read`, { hint: IMPORT_ACCEPTED });
  }
}
