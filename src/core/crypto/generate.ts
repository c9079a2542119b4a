// Generation of the client-authentication certificate for the Entra ID app registration: self-signed X.509 v3,
// RSA, SHA-256, and validation of the options (subject, validity days, key size). The RSA key and the signature
// come from OpenSSL (node:crypto); node-forge's ASN.1 module, loaded lazily, only encodes the structure.
import { createHash, generateKeyPair, randomBytes, sign } from "node:crypto";
import { promisify } from "node:util";
import { IbiError } from "../errors.js";
import { printable } from "../validate.js";
import { fromBinary, fromDerWithOptions, loadAsn1, toBinary, type Asn1Node } from "./forge.js";
import { toPem } from "./pem.js";
import type { CertificateMaterial } from "./x509.js";

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

export const DEFAULT_SUBJECT = "CN=IBI-helpMe";
export const DEFAULT_DAYS = 730;
export const MAX_DAYS = 3650;
/** Backdating of notBefore so that a client clock a little behind Entra's still accepts the certificate. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

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
  if (sizeOk !== true) throw new IbiError("invalid_key_size", sizeOk, { hint: "use 2048, 3072 or 4096 bits", next: [{ action: "setInput", field: "keySize", example: "2048" }] });
  const attrs = parseSubject(subject);
  if (typeof attrs === "string") throw new IbiError("invalid_subject", attrs, { hint: "give a distinguished name", next: [{ action: "setInput", field: "subject", example: "CN=IBI-helpMe" }] });
  const daysOk = validateDays(days);
  if (daysOk !== true) throw new IbiError("invalid_days", daysOk, { hint: "give the validity in days (730 is two years)", next: [{ action: "setInput", field: "days", example: "730" }] });

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
