// Configuration file encryption: CMS EnvelopedData (RFC 5652) in PEM, one RSA key-transport recipient per
// certificate of the profile, content AES-256-CBC. The format is OpenSSL's, so an administrator can always open the
// file with `openssl cms -decrypt -inform PEM -in FILE -inkey KEY.pem`.
// Written: RSAES-OAEP with SHA-256 (RFC 8017 recommends OAEP for new data). Read: OAEP (any SHA-1/2 digest) and
// PKCS#1 v1.5, which is what `openssl cms -encrypt` writes by default.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
  type X509Certificate,
} from "node:crypto";
import { fromBinary, fromDerWithOptions, loadAsn1, loadForge, octetStringBytes, toBinary, type Asn1Node, type ForgeAsn1 } from "./forge.js";
import { pemBlocks, toPem } from "./pem.js";
import { parseCertificate } from "./x509.js";
import { IbiError } from "../errors.js";

const OID = {
  data: "1.2.840.113549.1.7.1",
  envelopedData: "1.2.840.113549.1.7.3",
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsaesOaep: "1.2.840.113549.1.1.7",
  mgf1: "1.2.840.113549.1.1.8",
  pSpecified: "1.2.840.113549.1.1.9",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  desEde3Cbc: "1.2.840.113549.3.7",
  subjectKeyIdentifier: "2.5.29.14",
} as const;

const DIGESTS: Record<string, string> = { [OID.sha1]: "sha1", [OID.sha256]: "sha256", [OID.sha384]: "sha384", [OID.sha512]: "sha512" };
const CONTENT_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  [OID.aes128Cbc]: { name: "aes-128-cbc", keyLength: 16 },
  [OID.aes192Cbc]: { name: "aes-192-cbc", keyLength: 24 },
  [OID.aes256Cbc]: { name: "aes-256-cbc", keyLength: 32 },
  [OID.desEde3Cbc]: { name: "des-ede3-cbc", keyLength: 24 },
};

const PEM_LABEL = "CMS";

export function isCmsPem(text: string): boolean {
  return /^\s*-----BEGIN (CMS|PKCS7)-----/.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Certificate fields a recipient is identified by

interface RecipientId {
  /** DER of the issuer Name. */
  issuer: string;
  /** Serial number INTEGER contents without leading zero bytes. */
  serial: string;
  /** subjectKeyIdentifier, if the certificate has one. */
  keyId: string | undefined;
  /** The Name and INTEGER nodes themselves, for writing IssuerAndSerialNumber. */
  issuerNode: Asn1Node;
  serialNode: Asn1Node;
}

function children(node: Asn1Node | undefined): Asn1Node[] {
  if (!node || !Array.isArray(node.value)) throw new Error("ASN.1: expected a constructed value");
  return node.value;
}

function bytesOf(node: Asn1Node | undefined): string {
  if (!node || typeof node.value !== "string") throw new Error("ASN.1: expected a primitive value");
  return node.value;
}

// eslint-disable-next-line no-control-regex
const stripZeros = (s: string) => s.replace(/^\x00+(?=.)/, "");

function recipientIdOf(asn1: ForgeAsn1, x509: X509Certificate): RecipientId {
  const cert = fromDerWithOptions(asn1, toBinary(x509.raw), { decodeBitStrings: false });
  const tbs = children(children(cert)[0]);
  // version [0] is optional (absent in v1 certificates)
  const off = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && tbs[0].type === 0 ? 1 : 0;
  const serialNode = tbs[off]!;
  const issuerNode = tbs[off + 2]!;
  let keyId: string | undefined;
  const extensions = tbs.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  if (extensions) {
    for (const ext of children(children(extensions)[0])) {
      const parts = children(ext);
      if (asn1.derToOid(bytesOf(parts[0])) === OID.subjectKeyIdentifier) {
        keyId = bytesOf(asn1.fromDer(bytesOf(parts[parts.length - 1])));
      }
    }
  }
  return { issuer: asn1.toDer(issuerNode).getBytes(), serial: stripZeros(bytesOf(serialNode)), keyId, issuerNode, serialNode };
}

// ---------------------------------------------------------------------------------------------------------------
// Encryption

export async function encryptForCertificates(plaintext: string, certPems: string[]): Promise<string> {
  if (certPems.length === 0) {
    throw new IbiError("config_no_recipients", "configuration cannot be encrypted: no certificate was given", {
      hint: "generate or import a certificate first",
      next: [{ action: "generateCertificate" }, { action: "importCertificate" }],
    });
  }
  const A = await loadAsn1();
  const seq = (items: Asn1Node[]) => A.create(A.Class.UNIVERSAL, A.Type.SEQUENCE, true, items);
  const oid = (o: string) => A.create(A.Class.UNIVERSAL, A.Type.OID, false, A.oidToDer(o).getBytes());
  const octets = (b: Uint8Array) => A.create(A.Class.UNIVERSAL, A.Type.OCTETSTRING, false, toBinary(b));
  const int = (n: number) => A.create(A.Class.UNIVERSAL, A.Type.INTEGER, false, A.integerToDer(n).getBytes());
  const explicit = (tag: number, node: Asn1Node) => A.create(A.Class.CONTEXT_SPECIFIC, tag, true, [node]);

  const cek = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", cek, iv);
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);

  // RSAES-OAEP-params with SHA-256 for hash and MGF1, parameters absent (as OpenSSL writes them).
  const oaepAlg = seq([
    oid(OID.rsaesOaep),
    seq([explicit(0, seq([oid(OID.sha256)])), explicit(1, seq([oid(OID.mgf1), seq([oid(OID.sha256)])]))]),
  ]);

  const seen = new Set<string>();
  const recipients: Asn1Node[] = [];
  for (const pem of certPems) {
    const x509 = parseCertificate(pem);
    if (seen.has(x509.fingerprint256)) continue;
    seen.add(x509.fingerprint256);
    if (x509.publicKey.asymmetricKeyType !== "rsa") {
      throw new IbiError("unsupported_key_type", "configuration can only be encrypted to RSA certificates", {
        hint: "use generated certificates or imported RSA certificates",
        next: [{ action: "generateCertificate" }],
      });
    }
    const rid = recipientIdOf(A, x509);
    const encryptedKey = publicEncrypt(
      { key: x509.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      cek,
    );
    recipients.push(seq([int(0), seq([rid.issuerNode, rid.serialNode]), oaepAlg, octets(encryptedKey)]));
  }
  // DER orders SET OF by encoding.
  const der = (n: Asn1Node) => A.toDer(n).getBytes();
  recipients.sort((a, b) => Buffer.compare(fromBinary(der(a)), fromBinary(der(b))));

  const contentInfo = seq([
    oid(OID.envelopedData),
    explicit(
      0,
      seq([
        int(0), // version 0: only issuerAndSerialNumber key-transport recipients, no originator info or attributes
        A.create(A.Class.UNIVERSAL, A.Type.SET, true, recipients),
        seq([
          oid(OID.data),
          seq([oid(OID.aes256Cbc), octets(iv)]),
          A.create(A.Class.CONTEXT_SPECIFIC, 0, false, toBinary(encrypted)), // [0] IMPLICIT OCTET STRING
        ]),
      ]),
    ),
  ]);
  return toPem(PEM_LABEL, fromBinary(der(contentInfo)));
}

// ---------------------------------------------------------------------------------------------------------------
// Decryption

function corrupt(detail: string, cause?: unknown): IbiError {
  return new IbiError("config_corrupt", `configuration file is damaged: ${detail}`, {
    hint: "restore it from a backup, or set Tenant ID and Application ID again",
    ...(cause === undefined ? {} : { cause }),
  });
}

interface KeyTransRecipient {
  /** issuerAndSerialNumber or subjectKeyIdentifier */
  issuer?: string;
  serial?: string;
  keyId?: string;
  algorithm: Asn1Node;
  encryptedKey: Buffer;
}

interface ParsedEnvelope {
  recipients: KeyTransRecipient[];
  contentAlgorithm: string;
  contentParams: Asn1Node | undefined;
  encryptedContent: Buffer;
}

function parseEnvelope(A: ForgeAsn1, der: Buffer): ParsedEnvelope {
  // BER: OpenSSL and other tools may write indefinite lengths and chunked OCTET STRINGs.
  const contentInfo = fromDerWithOptions(A, toBinary(der), { strict: false, decodeBitStrings: false });
  const [typeNode, explicitContent] = children(contentInfo);
  if (A.derToOid(bytesOf(typeNode)) !== OID.envelopedData) throw new Error("not EnvelopedData");
  const fields = children(children(explicitContent)[0]);
  let i = 1; // after version
  if (fields[i]?.tagClass === A.Class.CONTEXT_SPECIFIC && fields[i]?.type === 0) i++; // originatorInfo
  const recipientSet = children(fields[i]);
  const eci = children(fields[i + 1]);

  const recipients: KeyTransRecipient[] = [];
  for (const ri of recipientSet) {
    // KeyTransRecipientInfo is the untagged SEQUENCE choice; key agreement, KEK, password recipients are tagged.
    if (ri.tagClass !== A.Class.UNIVERSAL || ri.type !== A.Type.SEQUENCE) continue;
    const [, rid, algorithm, encryptedKey] = children(ri);
    const r: KeyTransRecipient = { algorithm: algorithm!, encryptedKey: fromBinary(octetStringBytes(encryptedKey!)) };
    if (rid!.tagClass === A.Class.CONTEXT_SPECIFIC) {
      r.keyId = octetStringBytes(rid!);
    } else {
      const [issuer, serial] = children(rid);
      r.issuer = A.toDer(issuer!).getBytes();
      r.serial = stripZeros(bytesOf(serial));
    }
    recipients.push(r);
  }

  const [, algId, content] = eci;
  const alg = children(algId);
  if (!content) throw new Error("no encrypted content");
  return {
    recipients,
    contentAlgorithm: A.derToOid(bytesOf(alg[0])),
    contentParams: alg[1],
    encryptedContent: fromBinary(octetStringBytes(content)),
  };
}

export async function decryptWithKey(pem: string, certPem: string, keyPem: string): Promise<string> {
  const block = pemBlocks(pem).find((b) => b.label === "CMS" || b.label === "PKCS7");
  if (!block) throw corrupt(isCmsPem(pem) ? "the encrypted block is incomplete" : "it is not CMS-encrypted (PEM)");

  const A = await loadAsn1();
  let env: ParsedEnvelope;
  try {
    env = parseEnvelope(A, block.der);
  } catch (e) {
    throw corrupt("the encrypted data cannot be read", e);
  }

  const x509 = parseCertificate(certPem);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new IbiError("key_unreadable", "private key for the configuration cannot be read", {
      hint: "import the certificate with its private key again",
    });
  }
  if (!x509.checkPrivateKey(key)) {
    throw new IbiError("key_mismatch", "private key does not belong to the certificate used to decrypt the configuration", {
      hint: "the secret store holds a different key for this certificate: import the certificate again",
    });
  }
  const me = recipientIdOf(A, x509);
  const recipient = env.recipients.find((r) =>
    r.keyId !== undefined ? me.keyId !== undefined && r.keyId === me.keyId : r.issuer === me.issuer && r.serial === me.serial,
  );
  if (!recipient) {
    throw new IbiError("config_not_for_certificate", "configuration file is not encrypted for this certificate", {
      hint: "use a certificate the configuration was saved with, or set Tenant ID and Application ID again",
    });
  }

  const cipherSpec = CONTENT_CIPHERS[env.contentAlgorithm];
  if (!cipherSpec) throw corrupt(`its content cipher ${env.contentAlgorithm} is not supported (AES-CBC or 3DES-CBC)`);

  let cek: Buffer;
  try {
    cek = await decryptContentKey(A, recipient, key);
  } catch (e) {
    if (e instanceof IbiError) throw e;
    throw corrupt("the content key cannot be decrypted", e);
  }
  if (cek.length !== cipherSpec.keyLength) throw corrupt("the content key has the wrong length");

  let plain: Buffer;
  try {
    const iv = fromBinary(bytesOf(env.contentParams));
    const decipher = createDecipheriv(cipherSpec.name, cek, iv);
    plain = Buffer.concat([decipher.update(env.encryptedContent), decipher.final()]);
  } catch (e) {
    throw corrupt("the encrypted content cannot be decrypted", e);
  }
  try {
    // CBC has no integrity check: damaged data usually surfaces as invalid UTF-8.
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch (e) {
    throw corrupt("the decrypted content is not text", e);
  }
}

async function decryptContentKey(A: ForgeAsn1, r: KeyTransRecipient, key: KeyObject): Promise<Buffer> {
  const [algOid, params] = children(r.algorithm);
  const alg = A.derToOid(bytesOf(algOid));
  if (alg === OID.rsaesOaep) {
    const p = oaepParams(A, params);
    return privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: p.hash, ...(p.label.length ? { oaepLabel: p.label } : {}) },
      r.encryptedKey,
    );
  }
  if (alg === OID.rsaEncryption) {
    // Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809, a timing oracle for servers); an offline file
    // has no oracle, so forge decrypts these.
    const forge = await loadForge();
    const fkey = forge.pki.privateKeyFromPem(key.export({ type: "pkcs8", format: "pem" }) as string);
    return fromBinary(fkey.decrypt(toBinary(r.encryptedKey), "RSAES-PKCS1-V1_5"));
  }
  throw corrupt(`its key transport ${alg} is not supported (RSA PKCS#1 v1.5 or OAEP)`);
}

function oaepParams(A: ForgeAsn1, params: Asn1Node | undefined): { hash: string; label: Buffer } {
  // RFC 4055 defaults: SHA-1, MGF1 with SHA-1, empty label.
  let hash = OID.sha1 as string;
  let mgfHash = OID.sha1 as string;
  let label: Buffer = Buffer.alloc(0);
  if (params && params.type === A.Type.SEQUENCE && Array.isArray(params.value)) {
    for (const field of params.value) {
      const inner = children(field)[0];
      if (field.type === 0) hash = A.derToOid(bytesOf(children(inner)[0]));
      else if (field.type === 1) {
        const [mgfOid, mgfAlg] = children(inner);
        if (A.derToOid(bytesOf(mgfOid)) !== OID.mgf1) throw corrupt("its OAEP mask generation is not MGF1");
        mgfHash = A.derToOid(bytesOf(children(mgfAlg)[0]));
      } else if (field.type === 2) {
        const [, value] = children(inner);
        label = fromBinary(bytesOf(value));
      }
    }
  }
  const name = DIGESTS[hash];
  // node:crypto uses one digest for OAEP and MGF1.
  if (!name || hash !== mgfHash) throw corrupt("its OAEP digests are not supported");
  return { hash: name, label };
}
