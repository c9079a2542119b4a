// X.509 certificates as the rest of core sees them: the material (certificate + key PEM), reading a certificate,
// describing it (thumbprints as the Azure portal shows them) and exporting its public part for the portal.
import { X509Certificate, type KeyObject } from "node:crypto";
import { extname } from "node:path";
import { IbiError } from "../errors.js";
import { isDerSequence, pemBlocks, toPem } from "./pem.js";

export interface CertificateMaterial {
  certPem: string;
  /** Unencrypted PKCS#8 PEM; lives in memory only. */
  keyPem: string;
}

export interface CertificateInfo {
  subject: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  keySize: number;
  serialNumber: string;
}

export type PublicFormat = "pem" | "der";

const DAY_MS = 24 * 60 * 60 * 1000;

const NOT_A_CERT_HINT = "give a PEM (-----BEGIN CERTIFICATE-----) or DER X.509 certificate";

/** Parses the first certificate of a PEM text (or a DER buffer). */
export function parseCertificate(cert: string | Buffer): X509Certificate {
  let der: Buffer | undefined;
  if (typeof cert === "string" || !isDerSequence(cert)) {
    const text = typeof cert === "string" ? cert : cert.toString("latin1");
    der = pemBlocks(text).find((b) => b.label === "CERTIFICATE" || b.label === "X509 CERTIFICATE")?.der;
  } else {
    der = cert;
  }
  if (der) {
    try {
      return new X509Certificate(der);
    } catch {
      /* reported below */
    }
  }
  throw new IbiError("not_a_certificate", "certificate cannot be read: it is not an X.509 certificate", {
    hint: NOT_A_CERT_HINT,
  });
}

function publicKeyBits(key: KeyObject): number {
  const d = key.asymmetricKeyDetails;
  if (d?.modulusLength) return d.modulusLength;
  const curves: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  return (d?.namedCurve && curves[d.namedCurve]) || 0;
}

export function describeCertificate(certPem: string, now: Date = new Date()): CertificateInfo {
  const x509 = parseCertificate(certPem);
  const notAfter = new Date(x509.validTo);
  return {
    // Node prints one RDN per line, RFC 2253-escaped, in encoding order.
    subject: x509.subject.split("\n").join(", "),
    thumbprintSha1: x509.fingerprint.replaceAll(":", "").toUpperCase(),
    thumbprintSha256: x509.fingerprint256.replaceAll(":", "").toUpperCase(),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS),
    keySize: publicKeyBits(x509.publicKey),
    serialNumber: x509.serialNumber.toUpperCase(),
  };
}

/** The value of the first CN of the certificate's subject, if any. */
export function commonName(x509: X509Certificate): string | undefined {
  const line = x509.subject.split("\n").find((l) => l.startsWith("CN="));
  return line?.slice(3).replace(/\\(.)/g, "$1");
}

/** Whether the private key is the one of the certificate's public key. */
export function keyMatches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public export (what the Azure portal's "Upload certificate" accepts: .cer, .pem, .crt)

export function formatFromPath(path: string): PublicFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case ".pem":
    case ".crt":
      return "pem";
    case ".cer":
    case ".der":
      return "der";
    default:
      return undefined;
  }
}

export function exportPublicCertificate(certPem: string, format: PublicFormat): Buffer {
  const x509 = parseCertificate(certPem);
  return format === "der" ? Buffer.from(x509.raw) : Buffer.from(toPem("CERTIFICATE", x509.raw), "ascii");
}
