// Client-authentication certificates for the Entra ID app registration: generation (self-signed X.509 v3, RSA),
// description (thumbprints as the Azure portal shows them), public export for the portal, PFX export and import
// of PFX/PEM material. The RSA key comes from OpenSSL (node:crypto); node-forge is only used for ASN.1 encoding
// and PKCS#12, and only loaded when needed.
import {
  X509Certificate,
  createHash,
  createHmac,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import { extname } from "node:path";
import { promisify } from "node:util";
import type * as Forge from "node-forge";
import { IbiError } from "../errors.js";
import { printable } from "../validate.js";

export type KeySize = 2048 | 3072 | 4096;
export const KEY_SIZES: readonly KeySize[] = [2048, 3072, 4096];

export interface GenerateOptions {
  /** RSA modulus bits, default 2048. */
  keySize?: KeySize;
  /** "CN=Name" or "CN=Name, O=Org, ...", default "CN=IBI-helpMe". */
  subject?: string;
  /** Validity in days, default 730. */
  days?: number;
  now?: Date;
}

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

export const DEFAULT_SUBJECT = "CN=IBI-helpMe";
export const DEFAULT_DAYS = 730;
export const MAX_DAYS = 3650;
/** Entra ID and msal-node refuse RSA keys below this size. */
export const MIN_RSA_BITS = 2048;
/** Backdating of notBefore so that a client clock a little behind Entra's still accepts the certificate. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const PFX_ITERATIONS = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Lazy loading of node-forge. Only its ASN.1 module is needed for generation and CMS; loading it alone costs a
// fraction of the whole library (which also initialises TLS, ciphers, prime search, ...).

export type ForgeAsn1 = typeof Forge.asn1;
export type Asn1Node = Forge.asn1.Asn1;

export async function loadAsn1(): Promise<ForgeAsn1> {
  // @ts-expect-error -- the sub-module has no typings of its own; its export is forge.asn1
  const mod = (await import("node-forge/lib/asn1.js")) as { default?: ForgeAsn1 };
  return (mod.default ?? mod) as ForgeAsn1;
}

export async function loadForge(): Promise<typeof Forge> {
  const mod = (await import("node-forge")) as unknown as { default?: typeof Forge };
  return (mod.default ?? mod) as typeof Forge;
}

/** forge's fromDer takes an options object too; its typings only know the `strict` flag. */
export function fromDerWithOptions(
  asn1: ForgeAsn1,
  bytes: string,
  options: { strict?: boolean; parseAllBytes?: boolean; decodeBitStrings?: boolean },
): Asn1Node {
  return (asn1.fromDer as unknown as (b: string, o: object) => Asn1Node)(bytes, options);
}

/** forge works on "binary strings" (one char per byte). */
export const toBinary = (b: Uint8Array): string => Buffer.from(b).toString("latin1");
export const fromBinary = (s: string): Buffer => Buffer.from(s, "latin1");

// ---------------------------------------------------------------------------------------------------------------
// PEM helpers

export interface PemBlock {
  label: string;
  /** The whole block including BEGIN/END lines and headers (what node:crypto parses). */
  text: string;
  /** Base64-decoded body (headers such as Proc-Type skipped). */
  der: Buffer;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const body = (m[2] ?? "")
      .split(/\r?\n/)
      .filter((line) => !line.includes(":"))
      .join("");
    blocks.push({ label: m[1] ?? "", text: m[0], der: Buffer.from(body, "base64") });
  }
  return blocks;
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

interface SubjectAttribute {
  /** Short name as written, upper case: CN, O, OU, L, ST, C. */
  name: string;
  oid: string;
  value: string;
}

const SUBJECT_ATTRIBUTES: Record<string, { oid: string; max: number }> = {
  CN: { oid: "2.5.4.3", max: 64 },
  O: { oid: "2.5.4.10", max: 64 },
  OU: { oid: "2.5.4.11", max: 64 },
  L: { oid: "2.5.4.7", max: 128 },
  ST: { oid: "2.5.4.8", max: 128 },
  C: { oid: "2.5.4.6", max: 2 },
};
// Windows writes the state as "S=".
const SUBJECT_ALIASES: Record<string, string> = { S: "ST" };
// Characters that would need RFC 4514 escaping are refused so that the subject reads back exactly as typed.
// eslint-disable-next-line no-control-regex
const SUBJECT_FORBIDDEN = /[,+="\\<>;#\u0000-\u001f\u007f-\u009f]/;
const SUBJECT_FORM =
  'use "CN=Name" or "CN=Name, O=Organisation, OU=Unit, L=City, ST=State, C=DE" (CN required; values without , + = " \\ < > ; #)';

function parseSubject(subject: string): SubjectAttribute[] | string {
  const bad = (why: string) => `subject "${printable(subject)}" is not valid: ${why}; ${SUBJECT_FORM}`;
  if (subject.trim() === "") return `subject is empty: ${SUBJECT_FORM}`;
  const attrs: SubjectAttribute[] = [];
  for (const part of subject.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return bad(`"${printable(part.trim(), 40)}" is not attribute=value`);
    const rawName = part.slice(0, eq).trim().toUpperCase();
    const name = SUBJECT_ALIASES[rawName] ?? rawName;
    const value = part.slice(eq + 1).trim();
    const spec = SUBJECT_ATTRIBUTES[name];
    if (!spec) return bad(`unknown attribute "${printable(rawName, 20)}" (accepted: CN, O, OU, L, ST, C)`);
    if (value === "") return bad(`${name} is empty`);
    if (SUBJECT_FORBIDDEN.test(value)) return bad(`${name} contains a character that is not accepted`);
    if (name === "C") {
      if (!/^[A-Za-z]{2}$/.test(value)) return bad("C must be a two-letter country code such as DE");
    } else if ([...value].length > spec.max) {
      return bad(`${name} is longer than ${spec.max} characters`);
    }
    attrs.push({ name, oid: spec.oid, value: name === "C" ? value.toUpperCase() : value });
  }
  const cns = attrs.filter((a) => a.name === "CN").length;
  if (cns === 0) return bad("CN is missing");
  if (cns > 1) return bad("CN is given more than once");
  return attrs;
}

export function validateSubject(subject: string): true | string {
  const parsed = parseSubject(subject);
  return typeof parsed === "string" ? parsed : true;
}

export function validateDays(days: number): true | string {
  if (Number.isInteger(days) && days >= 1 && days <= MAX_DAYS) return true;
  return `validity days "${printable(String(days))}" is not valid: use a whole number from 1 to ${MAX_DAYS}`;
}

function validateKeySize(keySize: number): true | string {
  if ((KEY_SIZES as readonly number[]).includes(keySize)) return true;
  return `key size "${printable(String(keySize))}" is not valid: use one of ${KEY_SIZES.join(", ")}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Generation

const OID = {
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

const generateRsaKeyPair = promisify(generateKeyPair);

export async function generateCertificate(opts: GenerateOptions = {}): Promise<CertificateMaterial> {
  const keySize = opts.keySize ?? 2048;
  const subject = opts.subject ?? DEFAULT_SUBJECT;
  const days = opts.days ?? DEFAULT_DAYS;
  const now = opts.now ?? new Date();

  const sizeOk = validateKeySize(keySize);
  if (sizeOk !== true) throw new IbiError("invalid_key_size", sizeOk, { hint: "pass --key-size 2048, 3072 or 4096" });
  const attrs = parseSubject(subject);
  if (typeof attrs === "string") throw new IbiError("invalid_subject", attrs, { hint: 'e.g. --subject "CN=IBI-helpMe"' });
  const daysOk = validateDays(days);
  if (daysOk !== true) throw new IbiError("invalid_days", daysOk, { hint: "e.g. --days 730 (two years)" });

  // Key generation (OpenSSL, off the main thread) and loading forge's ASN.1 module run concurrently.
  const [{ publicKey, privateKey }, asn1] = await Promise.all([
    generateRsaKeyPair("rsa", { modulusLength: keySize, publicExponent: 0x10001 }),
    loadAsn1(),
  ]);

  const A = asn1;
  const seq = (items: Asn1Node[]) => A.create(A.Class.UNIVERSAL, A.Type.SEQUENCE, true, items);
  const set = (items: Asn1Node[]) => A.create(A.Class.UNIVERSAL, A.Type.SET, true, items);
  const oid = (o: string) => A.create(A.Class.UNIVERSAL, A.Type.OID, false, A.oidToDer(o).getBytes());
  const octets = (bytes: string) => A.create(A.Class.UNIVERSAL, A.Type.OCTETSTRING, false, bytes);
  const bool = (b: boolean) => A.create(A.Class.UNIVERSAL, A.Type.BOOLEAN, false, b ? "\xff" : "\x00");
  const time = (d: Date) =>
    // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    d.getUTCFullYear() < 2050
      ? A.create(A.Class.UNIVERSAL, A.Type.UTCTIME, false, A.dateToUtcTime(d))
      : A.create(A.Class.UNIVERSAL, A.Type.GENERALIZEDTIME, false, A.dateToGeneralizedTime(d));
  const extension = (id: string, critical: boolean, value: Asn1Node) =>
    seq([oid(id), ...(critical ? [bool(true)] : []), octets(A.toDer(value).getBytes())]);

  // Name: one RDN per attribute, in the order given; C as PrintableString, the rest UTF8String (as OpenSSL does).
  const name = seq(
    attrs.map((a) =>
      set([
        seq([
          oid(a.oid),
          a.name === "C"
            ? A.create(A.Class.UNIVERSAL, A.Type.PRINTABLESTRING, false, a.value)
            : A.create(A.Class.UNIVERSAL, A.Type.UTF8, false, toBinary(Buffer.from(a.value, "utf8"))),
        ]),
      ]),
    ),
  );

  const spkiDer = publicKey.export({ type: "spki", format: "der" });
  const spki = fromDerWithOptions(A, toBinary(spkiDer), { decodeBitStrings: false });
  const spkiBits = (spki.value as Asn1Node[])[1]?.value as string; // unused-bits byte + RSAPublicKey
  // RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits.
  const keyId = createHash("sha1").update(fromBinary(spkiBits.slice(1))).digest();

  // Positive 16-byte serial: top bit cleared, first byte non-zero so that the DER INTEGER keeps all 16 bytes.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) || 0x01;

  const sigAlg = seq([oid(OID.sha256WithRSAEncryption), A.create(A.Class.UNIVERSAL, A.Type.NULL, false, "")]);
  const tbs = seq([
    A.create(A.Class.CONTEXT_SPECIFIC, 0, true, [A.create(A.Class.UNIVERSAL, A.Type.INTEGER, false, "\x02")]), // v3
    A.create(A.Class.UNIVERSAL, A.Type.INTEGER, false, toBinary(serial)),
    sigAlg,
    name, // issuer = subject: self-signed
    seq([time(new Date(now.getTime() - CLOCK_SKEW_MS)), time(new Date(now.getTime() + days * DAY_MS))]),
    name,
    spki,
    A.create(A.Class.CONTEXT_SPECIFIC, 3, true, [
      seq([
        extension(OID.basicConstraints, true, seq([])), // cA DEFAULT FALSE is omitted in DER
        // digitalSignature (bit 0) + keyEncipherment (bit 2): 1010 0000, 5 unused bits
        extension(OID.keyUsage, true, A.create(A.Class.UNIVERSAL, A.Type.BITSTRING, false, "\x05\xa0")),
        extension(OID.extKeyUsage, false, seq([oid(OID.clientAuth)])),
        extension(OID.subjectKeyIdentifier, false, octets(toBinary(keyId))),
      ]),
    ]),
  ]);

  // Signing with OpenSSL is ~50x faster than forge's JavaScript RSA.
  const tbsDer = fromBinary(A.toDer(tbs).getBytes());
  const signature = sign("sha256", tbsDer, privateKey);
  const certDer = fromBinary(
    A.toDer(seq([tbs, sigAlg, A.create(A.Class.UNIVERSAL, A.Type.BITSTRING, false, "\x00" + toBinary(signature))])).getBytes(),
  );

  return {
    certPem: toPem("CERTIFICATE", certDer),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Description

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

function isDerSequence(b: Buffer): boolean {
  return b.length > 2 && b[0] === 0x30;
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

// ---------------------------------------------------------------------------------------------------------------
// PFX export

export async function toPfx(material: CertificateMaterial, password: string, friendlyName?: string): Promise<Buffer> {
  if (!password) {
    throw new IbiError("empty_pfx_password", "PFX password is empty: a PFX file must be protected with a password", {
      hint: "give a non-empty password for the PFX file",
    });
  }
  const x509 = parseCertificate(material.certPem);
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(material.keyPem);
  } catch {
    throw new IbiError("key_unreadable", "private key cannot be read for the PFX export", { hint: "import the certificate with its private key again" });
  }
  if (keyObject.asymmetricKeyType !== "rsa" || !keyMatches(x509, keyObject)) {
    throw new IbiError("key_mismatch", "private key is not the RSA key of the certificate: the PFX cannot be written", {
      hint: "import the certificate with its private key again",
    });
  }
  const forge = await loadForge();
  const { asn1, pki } = forge;
  // PKCS#1 PEM: forge reads it whatever form the caller holds (PKCS#8, PKCS#1).
  const key = pki.privateKeyFromPem(keyObject.export({ type: "pkcs1", format: "pem" }) as string);
  const cert = pki.certificateFromAsn1(asn1.fromDer(toBinary(x509.raw)));
  // forge re-encodes the certificate from its parsed form; make sure the thumbprint cannot change.
  if (asn1.toDer(pki.certificateToAsn1(cert)).getBytes() !== toBinary(x509.raw)) {
    throw new IbiError("unsupported_certificate", "certificate cannot be written to a PFX unchanged", {
      hint: "export the public certificate and key as PEM instead",
    });
  }

  // PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) takes the password as UTF-8 bytes, like OpenSSL. forge's own MAC is
  // SHA-1 only and would read the password as raw chars, so the MAC is added below: SHA-256 over BMPString.
  const pfx = forge.pkcs12.toPkcs12Asn1(key, [cert], forge.util.encodeUtf8(password), {
    algorithm: "aes256",
    count: PFX_ITERATIONS,
    saltSize: 16,
    useMac: false,
    friendlyName: friendlyName ?? commonName(x509) ?? "ibi-entra",
    prfAlgorithm: "sha256",
  } as Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3]);

  const authSafe = pfxAuthSafeBytes(pfx);
  const macSalt = randomBytes(16);
  const macKey = pkcs12MacKey(forge, password, macSalt, PFX_ITERATIONS, "sha256");
  const digest = createHmac("sha256", macKey).update(fromBinary(authSafe)).digest();
  const { Class, Type } = asn1;
  (pfx.value as Asn1Node[]).push(
    asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
        asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
          asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(pki.oids.sha256!).getBytes()),
          asn1.create(Class.UNIVERSAL, Type.NULL, false, ""),
        ]),
        asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinary(digest)),
      ]),
      asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinary(macSalt)),
      asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(PFX_ITERATIONS).getBytes()),
    ]),
  );
  return fromBinary(asn1.toDer(pfx).getBytes());
}

/** The AuthenticatedSafe bytes the PKCS#12 MAC covers: PFX.authSafe.content (an OCTET STRING, maybe chunked). */
function pfxAuthSafeBytes(pfx: Asn1Node): string {
  const contentInfo = (pfx.value as Asn1Node[])[1];
  const explicit = (contentInfo?.value as Asn1Node[] | undefined)?.[1];
  const octets = (explicit?.value as Asn1Node[] | undefined)?.[0];
  if (!octets) throw new Error("PKCS#12 PFX without authSafe content");
  return octetStringBytes(octets);
}

/** Value of an OCTET STRING, joining the chunks of a BER constructed encoding. */
export function octetStringBytes(node: Asn1Node): string {
  if (typeof node.value === "string") return node.value;
  return node.value.map(octetStringBytes).join("");
}

/** RFC 7292 appendix B key derivation (ID 3 = MAC key); the password is a BMPString with a terminating NUL. */
function pkcs12MacKey(
  forge: typeof Forge,
  password: string | null,
  salt: Buffer,
  iterations: number,
  md: "sha1" | "sha256" | "sha384" | "sha512",
): Buffer {
  const digest = forge.md[md].create();
  const generate = forge.pkcs12.generateKey as unknown as (
    password: string | null,
    salt: Forge.util.ByteStringBuffer,
    id: number,
    iter: number,
    n: number,
    md: Forge.md.MessageDigest,
  ) => Forge.util.ByteStringBuffer;
  return fromBinary(generate(password, forge.util.createBuffer(toBinary(salt)), 3, iterations, digest.digestLength, digest).getBytes());
}

// ---------------------------------------------------------------------------------------------------------------
// Import (PFX/PKCS#12 or PEM with certificate and private key)

const ACCEPTED = "give a .pfx/.p12 file with its password, or a PEM file with the certificate and its private key";

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
      throw new IbiError("not_a_certificate", "file is not a certificate: neither PFX/PKCS#12 nor PEM", { hint: ACCEPTED });
    }
  }

  if (certs.length === 0) {
    throw new IbiError("not_a_certificate", "file holds no certificate", { hint: ACCEPTED });
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
      { hint: "create an RSA certificate of 2048 bits or more, e.g. with ibi-entra cert generate" },
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new IbiError("key_too_small", `private key has ${bits} bits: Entra ID accepts RSA keys of ${MIN_RSA_BITS} bits or more`, {
      hint: "create a new certificate with 2048, 3072 or 4096 bits, e.g. with ibi-entra cert generate",
    });
  }
  return {
    certPem: toPem("CERTIFICATE", cert.raw),
    keyPem: key.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

function noPrivateKey(what: string): IbiError {
  return new IbiError("no_private_key", `${what}: the private key is needed to sign in`, { hint: ACCEPTED });
}

function keyMatches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
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
        throw new IbiError("not_a_certificate", "PEM file holds a CERTIFICATE block that cannot be read", { hint: ACCEPTED });
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
    throw new IbiError("not_a_certificate", `PEM file holds a ${block.label} block that cannot be read`, { hint: ACCEPTED });
  }
}

async function readPfx(der: Buffer, password: string | undefined): Promise<{ certs: X509Certificate[]; keys: KeyObject[] }> {
  const forge = await loadForge();
  const { asn1, pkcs12, pki } = forge;
  const notPfx = () =>
    new IbiError("not_a_certificate", "file is not a certificate: neither PFX/PKCS#12 nor PEM", { hint: ACCEPTED });
  const wrongPassword = () =>
    new IbiError(
      "wrong_pfx_password",
      password ? "PFX password is wrong: the file cannot be decrypted with it" : "PFX file is protected: its password is needed",
      { hint: "give the password the PFX file was exported with" },
    );

  let pfx: Asn1Node;
  try {
    pfx = asn1.fromDer(toBinary(der), false);
  } catch {
    throw notPfx();
  }
  const parts = Array.isArray(pfx.value) ? pfx.value : [];
  const authSafeInfo = parts[1];
  if (parts.length < 2 || !Array.isArray(authSafeInfo?.value) || authSafeInfo.value.length < 2) throw notPfx();

  // Verify the MAC here (forge would read a non-ASCII password wrongly for PBES2), then let forge decrypt.
  const pw = password ?? "";
  const macData = parts[2];
  if (macData) {
    // OpenSSL also tries an absent password when the given one is empty.
    const candidates: (string | null)[] = pw === "" ? ["", null] : [pw];
    if (!candidates.some((c) => verifyPfxMac(forge, pfx, macData, c))) throw wrongPassword();
    (pfx.value as Asn1Node[]).length = 2;
  }

  // PBES2 takes the password as UTF-8 bytes, the legacy PKCS#12 ciphers as BMPString: try what applies.
  const utf8 = forge.util.encodeUtf8(pw);
  const attempts: (string | null)[] = utf8 === pw ? [pw] : [utf8, pw];
  if (pw === "") attempts.push(null);
  let p12: Forge.pkcs12.Pkcs12Pfx | undefined;
  let lastError: unknown;
  for (const attempt of attempts) {
    try {
      p12 = pkcs12.pkcs12FromAsn1(pfx, false, attempt as string);
      break;
    } catch (e) {
      lastError = e;
    }
  }
  if (!p12) {
    const msg = lastError instanceof Error ? lastError.message : "";
    if (/password|decrypt/i.test(msg)) throw wrongPassword();
    if (/ASN\.1 object is not an PKCS#12|Cannot read PKCS#12 PFX/i.test(msg)) throw notPfx();
    throw new IbiError("unsupported_pfx", "PFX file cannot be read: it uses a format or cipher that is not supported", {
      hint: "export it again as PFX with AES-256 (e.g. openssl pkcs12 -export), or as PEM certificate and key",
    });
  }

  const certs: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  for (const bag of p12.getBags({ bagType: pki.oids.certBag! })[pki.oids.certBag!] ?? []) {
    const node = bag.cert ? pki.certificateToAsn1(bag.cert) : (bag as { asn1?: Asn1Node }).asn1;
    if (!node) continue;
    try {
      certs.push(new X509Certificate(fromBinary(asn1.toDer(node).getBytes())));
    } catch {
      /* a bag that is not X.509 is skipped */
    }
  }
  for (const type of [pki.oids.pkcs8ShroudedKeyBag!, pki.oids.keyBag!]) {
    for (const bag of p12.getBags({ bagType: type })[type] ?? []) {
      // forge parses RSA keys only; other key types stay as PrivateKeyInfo ASN.1.
      const node = bag.key ? pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(bag.key)) : (bag as { asn1?: Asn1Node }).asn1;
      if (!node) continue;
      try {
        keys.push(createPrivateKey({ key: fromBinary(asn1.toDer(node).getBytes()), format: "der", type: "pkcs8" }));
      } catch {
        /* unreadable key: reported as "no private key" if nothing else is found */
      }
    }
  }
  return { certs, keys };
}

function verifyPfxMac(forge: typeof Forge, pfx: Asn1Node, macData: Asn1Node, password: string | null): boolean {
  try {
    const { asn1, pki } = forge;
    const [digestInfo, salt, iterNode] = macData.value as Asn1Node[];
    const [algId, digest] = digestInfo!.value as Asn1Node[];
    const algOid = asn1.derToOid((algId!.value as Asn1Node[])[0]!.value as string);
    const md = (["sha1", "sha256", "sha384", "sha512"] as const).find((m) => pki.oids[m] === algOid);
    if (!md) return false;
    const iterations = iterNode ? asn1.derToInteger(iterNode.value as string) : 1;
    if (!(iterations >= 1)) return false;
    const key = pkcs12MacKey(forge, password, fromBinary(salt!.value as string), iterations, md);
    const expected = createHmac(md, key).update(fromBinary(pfxAuthSafeBytes(pfx))).digest();
    return expected.equals(fromBinary(digest!.value as string));
  } catch {
    return false;
  }
}
