// PKCS#12 (PFX) files: writing one (PBES2 AES-256-CBC, SHA-256 MAC, as OpenSSL 3 does) and reading the
// certificates and keys out of one, old ciphers included. node-forge, loaded lazily, does the PKCS#12 structure; the
// MAC is computed here because forge's is SHA-1 only and misreads non-ASCII passwords.
import { X509Certificate, createHmac, createPrivateKey, randomBytes, type KeyObject } from "node:crypto";
import type * as Forge from "node-forge";
import { IbiError } from "../errors.js";
import { fromBinary, loadForge, octetStringBytes, toBinary, type Asn1Node } from "./forge.js";
import { commonName, keyMatches, parseCertificate, type CertificateMaterial } from "./x509.js";

const PFX_ITERATIONS = 10_000;

/** What a certificate import accepts; named by every refusal of a file that cannot be imported. */
export const IMPORT_ACCEPTED = "give a .pfx/.p12 file with its password, or a PEM file with the certificate and its private key";

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

/** The certificates and keys of a PFX file, after checking its MAC with the password. */
export async function readPfx(der: Buffer, password: string | undefined): Promise<{ certs: X509Certificate[]; keys: KeyObject[] }> {
  const forge = await loadForge();
  const { asn1, pkcs12, pki } = forge;
  const notPfx = () =>
    new IbiError("not_a_certificate", "file is not a certificate: neither PFX/PKCS#12 nor PEM", { hint: IMPORT_ACCEPTED });
  const wrongPassword = () =>
    new IbiError(
      "wrong_pfx_password",
      password ? "PFX password is wrong: the file cannot be decrypted with it" : "PFX file is protected: its password is needed",
      { hint: "give the password the PFX file was exported with" },
    );

  const damaged = () =>
    new IbiError("damaged_pfx", "PFX file is damaged or truncated: its structure cannot be read", {
      hint: "copy or export the PFX file again (in binary mode; a text transfer or an interrupted download cuts it)",
    });

  // A cut file otherwise fails the MAC check below and reads as a wrong password. Only what starts like a PFX
  // (a SEQUENCE whose first element is version 3) is "damaged"; other bytes are simply not a PFX.
  if (derDeclaredLength(der) > der.length) throw startsLikePfx(der) ? damaged() : notPfx();
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
    const results = candidates.map((c) => verifyPfxMac(forge, pfx, macData, c));
    if (results.includes("damaged")) throw damaged();
    if (!results.includes("ok")) throw wrongPassword();
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

/** Bytes the outer DER element says it has (header included); 0 for an indefinite (BER) length, which says nothing. */
/** SEQUENCE, then INTEGER 3 (PFX version 3) as its first element. */
function startsLikePfx(der: Buffer): boolean {
  const first = der[1];
  if (der[0] !== 0x30 || first === undefined) return false;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return der[header] === 0x02 && der[header + 1] === 0x01 && der[header + 2] === 0x03;
}

function derDeclaredLength(der: Buffer): number {
  const first = der[1];
  if (first === undefined || first === 0x80) return 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n > 4 || der.length < 2 + n) return Number.POSITIVE_INFINITY;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
  return 2 + n + len;
}

/** "ok" when the MAC matches, "mismatch" for another password, "damaged" when the MAC or content cannot be read. */
function verifyPfxMac(forge: typeof Forge, pfx: Asn1Node, macData: Asn1Node, password: string | null): "ok" | "mismatch" | "damaged" {
  let md: "sha1" | "sha256" | "sha384" | "sha512" | undefined;
  let iterations: number;
  let salt: Buffer;
  let digest: Buffer;
  let content: Buffer;
  try {
    const { asn1, pki } = forge;
    const [digestInfo, saltNode, iterNode] = macData.value as Asn1Node[];
    const [algId, digestNode] = digestInfo!.value as Asn1Node[];
    const algOid = asn1.derToOid((algId!.value as Asn1Node[])[0]!.value as string);
    md = (["sha1", "sha256", "sha384", "sha512"] as const).find((m) => pki.oids[m] === algOid);
    iterations = iterNode ? asn1.derToInteger(iterNode.value as string) : 1;
    salt = fromBinary(saltNode!.value as string);
    digest = fromBinary(digestNode!.value as string);
    content = fromBinary(pfxAuthSafeBytes(pfx));
  } catch {
    return "damaged";
  }
  // A MAC we cannot compute is treated as before: no password opens it.
  if (!md || !(iterations >= 1)) return "mismatch";
  const key = pkcs12MacKey(forge, password, salt, iterations, md);
  return createHmac(md, key).update(content).digest().equals(digest) ? "ok" : "mismatch";
}
