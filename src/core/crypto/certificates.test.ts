// openssl is the judge: every property of a generated, exported or imported certificate is read back with it.
import { execFileSync, spawnSync } from "node:child_process";
import { createPublicKey, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KEY_SIZES,
  describeCertificate,
  exportPublicCertificate,
  formatFromPath,
  generateCertificate,
  importCertificateFile,
  toPfx,
  validateDays,
  validateSubject,
  type CertificateMaterial,
} from "./certificates.js";
import { IbiError } from "../errors.js";

const OPENSSL = "/usr/bin/openssl";
let dir: string;
const file = (name: string) => path.join(dir, name);

function openssl(args: string[], input?: string | Buffer): string {
  return execFileSync(OPENSSL, args, { input, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
}

/** stdout and stderr together (openssl prints some reports to stderr); throws when openssl fails. */
function opensslAll(args: string[]): string {
  const r = spawnSync(OPENSSL, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** The hex fingerprint openssl reports, without colons. */
function opensslFingerprint(certFile: string, digest: "sha1" | "sha256", inform = "PEM"): string {
  const out = openssl(["x509", "-inform", inform, "-in", certFile, "-noout", "-fingerprint", `-${digest}`]);
  return out.trim().split("=")[1]!.replaceAll(":", "");
}

/** Public key (SPKI DER, base64) of a PEM private key or certificate, for comparing pairs. */
const spkiOf = (pem: string) => createPublicKey(pem).export({ type: "spki", format: "der" }).toString("base64");

async function rejection(p: Promise<unknown>): Promise<IbiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IbiError);
    return e as IbiError;
  }
  throw new Error("expected a rejection");
}

function thrown(fn: () => unknown): IbiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IbiError);
    return e as IbiError;
  }
  throw new Error("expected an exception");
}

// One generated certificate serves most tests; a fixed "now" (whole seconds, as X.509 stores) makes dates exact.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
let main: CertificateMaterial;

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

describe("validateSubject", () => {
  it.each(["CN=IBI-helpMe", "CN=Name, O=Org, OU=Unit, C=DE, L=Köln, ST=NRW", "cn=lower case ok", "CN=a,O=b", "O=Org, CN=after"])(
    "accepts %j",
    (s) => {
      expect(validateSubject(s)).toBe(true);
    },
  );
  it.each([
    ["", /^subject is empty: use "CN=Name"/],
    ["IBI-helpMe", /^subject "IBI-helpMe" is not valid: .*attribute=value.*use "CN=Name"/],
    ["O=Org", /CN is missing/],
    ["CN=a, CN=b", /CN is given more than once/],
    ["CN=a, X=b", /unknown attribute "X"/],
    ["CN=", /CN is empty/],
    ["CN=a+b", /not accepted/],
    ["CN=a, C=Germany", /two-letter country code/],
    [`CN=${"x".repeat(65)}`, /longer than 64/],
    ["CN=evil\u0007", /not accepted/],
  ])("rejects %j naming the subject and the accepted form", (s, msg) => {
    const result = validateSubject(s);
    expect(result).toMatch(msg);
    expect(result).toMatch(/CN=Name, O=Organisation/);
  });
});

describe("validateDays", () => {
  it.each([1, 730, 3650])("accepts %d", (d) => expect(validateDays(d)).toBe(true));
  it.each([0, -1, 3651, 1.5, Number.NaN])("rejects %d naming validity days", (d) => {
    expect(validateDays(d)).toMatch(/^validity days ".*" is not valid: use a whole number from 1 to 3650$/);
  });
});

describe("generateCertificate", () => {
  it("creates a self-signed X.509 v3 client-authentication certificate with SHA-256 and RSA 2048", () => {
    const text = openssl(["x509", "-in", file("main.pem"), "-noout", "-text"]);
    expect(text).toMatch(/Version: 3 \(0x2\)/);
    expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(text).toMatch(/Public-Key: \(2048 bit\)/);
    expect(text).toMatch(/Issuer: CN ?= ?IBI-helpMe\n/);
    expect(text).toMatch(/Subject: CN ?= ?IBI-helpMe\n/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage: ?\n\s+TLS Web Client Authentication\n/);
    // the signature verifies, and the certificate suits client but not server authentication
    const verify = (purpose: string) =>
      openssl(["verify", "-check_ss_sig", "-partial_chain", "-purpose", purpose, "-CAfile", file("main.pem"), file("main.pem")]);
    expect(verify("sslclient")).toMatch(/: OK/);
    expect(() => verify("sslserver")).toThrow(/unsuitable certificate purpose/);
  });

  it("uses the subject key identifier of RFC 5280 method 1 (SHA-1 of the public key)", () => {
    const ski = openssl(["x509", "-in", file("main.pem"), "-noout", "-ext", "subjectKeyIdentifier"]);
    const rsaPublicKey = execFileSync(OPENSSL, ["rsa", "-pubin", "-RSAPublicKey_out", "-outform", "DER"], {
      input: openssl(["x509", "-in", file("main.pem"), "-noout", "-pubkey"]),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const expected = openssl(["sha1", "-hex"], rsaPublicKey).trim().split("= ")[1]!.toUpperCase();
    expect(ski.replace(/[^0-9A-F]/g, "").slice(-40)).toBe(expected);
  });

  it("backdates notBefore by 5 minutes and ends after the given days", () => {
    const out = openssl(["x509", "-in", file("main.pem"), "-noout", "-startdate", "-enddate"]);
    const start = new Date(/notBefore=(.*)/.exec(out)![1]!);
    const end = new Date(/notAfter=(.*)/.exec(out)![1]!);
    expect(start.getTime()).toBe(NOW.getTime() - 5 * 60 * 1000);
    expect(end.getTime()).toBe(NOW.getTime() + 365 * 24 * 3600 * 1000);
  });

  it("uses a random positive 16-byte serial number", async () => {
    const serial = openssl(["x509", "-in", file("main.pem"), "-noout", "-serial"]).trim().split("=")[1]!;
    expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
    const second = await generateCertificate({ days: 1 });
    expect(describeCertificate(second.certPem).serialNumber).not.toBe(serial);
  });

  it("returns the private key as unencrypted PKCS#8 PEM that belongs to the certificate", () => {
    expect(main.keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n")).toBe(true);
    expect(openssl(["pkey", "-in", file("main.key"), "-check", "-noout"])).toMatch(/valid/i);
    const keyPub = openssl(["pkey", "-in", file("main.key"), "-pubout"]);
    const certPub = openssl(["x509", "-in", file("main.pem"), "-noout", "-pubkey"]);
    expect(keyPub).toBe(certPub);
  });

  it("writes the subject attributes in the given order, UTF-8 for names, PrintableString for C", async () => {
    const m = await generateCertificate({ subject: "CN=Müller Prüfung, O=IBI GmbH, OU=IT, L=Köln, ST=NRW, C=de", days: 30 });
    fs.writeFileSync(file("subject.pem"), m.certPem);
    const subject = openssl(["x509", "-in", file("subject.pem"), "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus_space,sname"]);
    expect(subject.trim()).toBe("subject=CN=Müller Prüfung, O=IBI GmbH, OU=IT, L=Köln, ST=NRW, C=DE");
    expect(describeCertificate(m.certPem).subject).toBe("CN=Müller Prüfung, O=IBI GmbH, OU=IT, L=Köln, ST=NRW, C=DE");
    const parsed = openssl(["asn1parse", "-in", file("subject.pem")]);
    expect(parsed).toMatch(/:countryName\n.*PRINTABLESTRING\s+:DE/);
    expect(parsed).toMatch(/:commonName\n.*UTF8STRING\s+:/);
  });

  it("refuses invalid options with IbiError", async () => {
    expect((await rejection(generateCertificate({ subject: "Name" }))).code).toBe("invalid_subject");
    expect((await rejection(generateCertificate({ days: 0 }))).code).toBe("invalid_days");
    expect((await rejection(generateCertificate({ keySize: 1024 as never }))).code).toBe("invalid_key_size");
    expect(KEY_SIZES).toEqual([2048, 3072, 4096]);
  });

  it("creates 4096-bit keys", async () => {
    const big = await generateCertificate({ keySize: 4096, days: 1 });
    fs.writeFileSync(file("big.pem"), big.certPem);
    expect(openssl(["x509", "-in", file("big.pem"), "-noout", "-text"])).toMatch(/Public-Key: \(4096 bit\)/);
    expect(describeCertificate(big.certPem).keySize).toBe(4096);
    expect(spkiOf(big.keyPem)).toBe(spkiOf(big.certPem));
  });
});

describe("describeCertificate", () => {
  it("agrees with openssl on thumbprints, serial and dates", () => {
    const info = describeCertificate(main.certPem, NOW);
    expect(info.thumbprintSha1).toBe(opensslFingerprint(file("main.pem"), "sha1"));
    expect(info.thumbprintSha256).toBe(opensslFingerprint(file("main.pem"), "sha256"));
    expect(info.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
    expect(info.thumbprintSha256).toMatch(/^[0-9A-F]{64}$/);
    const serial = openssl(["x509", "-in", file("main.pem"), "-noout", "-serial"]).trim().split("=")[1];
    expect(info.serialNumber).toBe(serial);
    expect(info.subject).toBe("CN=IBI-helpMe");
    expect(info.keySize).toBe(2048);
    expect(info.notBefore).toBe(new Date(NOW.getTime() - 300_000).toISOString());
    expect(info.notAfter).toBe(new Date(NOW.getTime() + 365 * 86_400_000).toISOString());
  });

  it("counts whole days left, negative once expired", () => {
    const notAfter = NOW.getTime() + 365 * 86_400_000;
    expect(describeCertificate(main.certPem, NOW).daysLeft).toBe(365);
    expect(describeCertificate(main.certPem, new Date(notAfter - 86_400_000 - 1)).daysLeft).toBe(1);
    expect(describeCertificate(main.certPem, new Date(notAfter - 1)).daysLeft).toBe(0);
    expect(describeCertificate(main.certPem, new Date(notAfter + 1)).daysLeft).toBe(-1);
  });

  it("describes certificates made by openssl, including EC keys", () => {
    const info = describeCertificate(fs.readFileSync(file("ec.pem"), "utf8"));
    expect(info.subject).toBe("O=Org, CN=ec");
    expect(info.keySize).toBe(256);
    expect(info.thumbprintSha256).toBe(opensslFingerprint(file("ec.pem"), "sha256"));
  });

  it("throws not_a_certificate on garbage", () => {
    expect(thrown(() => describeCertificate("hello")).code).toBe("not_a_certificate");
    expect(thrown(() => describeCertificate(main.keyPem)).code).toBe("not_a_certificate");
    const broken = main.certPem.replace(/\n[A-Za-z0-9+/]{64}\n/, "\nAAAA\n");
    expect(thrown(() => describeCertificate(broken)).message).toMatch(/certificate cannot be read/);
  });
});

describe("public export", () => {
  it("maps file extensions to formats", () => {
    expect(formatFromPath("a/b/cert.pem")).toBe("pem");
    expect(formatFromPath("cert.CRT")).toBe("pem");
    expect(formatFromPath("cert.cer")).toBe("der");
    expect(formatFromPath("cert.der")).toBe("der");
    expect(formatFromPath("cert.pfx")).toBeUndefined();
    expect(formatFromPath("cert")).toBeUndefined();
  });

  it("writes DER and PEM that openssl reads as the same certificate, without the private key", () => {
    const der = exportPublicCertificate(main.certPem + main.keyPem, "der");
    fs.writeFileSync(file("pub.cer"), der);
    expect(opensslFingerprint(file("pub.cer"), "sha256", "DER")).toBe(describeCertificate(main.certPem).thumbprintSha256);
    const pem = exportPublicCertificate(main.keyPem + main.certPem, "pem").toString("ascii");
    expect(pem).toBe(main.certPem);
    expect(pem).not.toMatch(/PRIVATE KEY/);
  });
});

describe("toPfx", () => {
  let pfx: Buffer;
  beforeAll(async () => {
    pfx = await toPfx(main, "s3cret pw");
    fs.writeFileSync(file("main.pfx"), pfx);
  });

  it("opens with OpenSSL 3 (AES-256-CBC, SHA-256 MAC) and holds the certificate, key and friendly name", () => {
    // -info writes the algorithm summary to stderr, the PEM to stdout
    const out = opensslAll(["pkcs12", "-info", "-in", file("main.pfx"), "-passin", "pass:s3cret pw", "-nodes"]);
    expect(out).toMatch(/MAC: sha256, Iteration \d+/);
    expect(out).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration \d+, PRF hmacWithSHA256/);
    expect(out).toMatch(/friendlyName: IBI-helpMe/);
    expect(out).toContain(main.certPem.trim());
    const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(out)![0];
    expect(spkiOf(keyPem)).toBe(spkiOf(main.certPem));
  });

  it("is refused by openssl with a wrong password", () => {
    expect(() => openssl(["pkcs12", "-in", file("main.pfx"), "-passin", "pass:wrong", "-nodes"])).toThrow(/mac verify failure|invalid password/i);
  });

  it("round-trips through importCertificateFile", async () => {
    const back = await importCertificateFile(pfx, "s3cret pw");
    expect(back.certPem).toBe(main.certPem);
    expect(back.keyPem).toBe(main.keyPem);
  });

  it("takes a friendly name and non-ASCII passwords the way OpenSSL does", async () => {
    const p = await toPfx(main, "Pässwort€", "my name");
    fs.writeFileSync(file("utf8.pfx"), p);
    const out = opensslAll(["pkcs12", "-in", file("utf8.pfx"), "-passin", "pass:Pässwort€", "-nodes"]);
    expect(out).toMatch(/friendlyName: my name/);
    expect(out).toMatch(/BEGIN PRIVATE KEY/);
    expect((await importCertificateFile(p, "Pässwort€")).keyPem).toBe(main.keyPem);
  });

  it("refuses a key that is not the certificate's", async () => {
    const other = { certPem: main.certPem, keyPem: fs.readFileSync(file("ca.key"), "utf8") };
    expect((await rejection(toPfx(other, "pw"))).code).toBe("key_mismatch");
  });

  it("refuses an empty password", async () => {
    const e = await rejection(toPfx(main, ""));
    expect(e.code).toBe("empty_pfx_password");
    expect(e.message).toMatch(/PFX password is empty/);
  });

  it("reports a wrong or missing password as wrong_pfx_password without echoing it", async () => {
    const wrong = await rejection(importCertificateFile(pfx, "not-the-Password-42"));
    expect(wrong.code).toBe("wrong_pfx_password");
    expect(wrong.exitCode).toBe(2);
    expect(wrong.message).toMatch(/PFX password is wrong/);
    expect(`${wrong.message} ${wrong.hint}`).not.toContain("not-the-Password-42");
    expect((await rejection(importCertificateFile(pfx))).code).toBe("wrong_pfx_password");
  });
});

describe("importCertificateFile", () => {
  let mainSha256: string;
  beforeAll(() => {
    mainSha256 = describeCertificate(main.certPem).thumbprintSha256;
  });

  function opensslPfx(name: string, extra: string[], password = "pw"): Buffer {
    openssl(["pkcs12", "-export", "-in", file("main.pem"), "-inkey", file("main.key"), "-passout", `pass:${password}`, "-out", file(name), ...extra]);
    return fs.readFileSync(file(name));
  }

  it("imports an OpenSSL 3 PFX (AES) and normalises the key to PKCS#8", async () => {
    const m = await importCertificateFile(opensslPfx("o3.pfx", []), "pw");
    expect(describeCertificate(m.certPem).thumbprintSha256).toBe(opensslFingerprint(file("main.pem"), "sha256"));
    expect(m.keyPem).toBe(main.keyPem);
  });

  it("imports a legacy PFX (RC2/3DES, SHA-1 MAC) that OpenSSL 3 needs -legacy for", async () => {
    const m = await importCertificateFile(opensslPfx("legacy.pfx", ["-legacy"]), "pw");
    expect(describeCertificate(m.certPem).thumbprintSha256).toBe(mainSha256);
    expect(m.keyPem).toBe(main.keyPem);
  });

  it("imports a PFX without password and a base64-encoded PFX", async () => {
    const bare = opensslPfx("nopw.pfx", [], "");
    expect((await importCertificateFile(bare)).keyPem).toBe(main.keyPem);
    const b64 = Buffer.from(opensslPfx("b64.pfx", []).toString("base64").replace(/.{76}/g, "$&\n"));
    expect((await importCertificateFile(b64, "pw")).certPem).toBe(main.certPem);
  });

  it("takes the leaf whose public key matches the key from a PFX with a chain", async () => {
    // CA first in the bag list
    fs.writeFileSync(file("chain.pem"), fs.readFileSync(file("ca.pem"), "utf8") + fs.readFileSync(file("leaf.pem"), "utf8"));
    openssl(["pkcs12", "-export", "-in", file("chain.pem"), "-inkey", file("leaf.key"), "-passout", "pass:pw", "-out", file("chain.pfx")]);
    const m = await importCertificateFile(fs.readFileSync(file("chain.pfx")), "pw");
    expect(describeCertificate(m.certPem).thumbprintSha256).toBe(opensslFingerprint(file("leaf.pem"), "sha256"));
    expect(spkiOf(m.keyPem)).toBe(spkiOf(fs.readFileSync(file("leaf.pem"), "utf8")));
    // the same as PEM with the key first and the chain after it
    const pem = fs.readFileSync(file("leaf.key"), "utf8") + fs.readFileSync(file("chain.pem"), "utf8");
    expect((await importCertificateFile(Buffer.from(pem))).certPem).toBe(m.certPem);
  });

  it("imports PEM with Windows line endings", async () => {
    const crlf = (main.keyPem + main.certPem).replaceAll("\n", "\r\n");
    expect(await importCertificateFile(Buffer.from(crlf))).toEqual(main);
  });

  it("imports PEM with a PKCS#1 key and normalises it to PKCS#8", async () => {
    const pkcs1 = openssl(["rsa", "-in", file("main.key"), "-traditional"]);
    expect(pkcs1).toMatch(/BEGIN RSA PRIVATE KEY/);
    const m = await importCertificateFile(Buffer.from(main.certPem + pkcs1));
    expect(m.keyPem).toBe(main.keyPem);
  });

  it("imports PEM with an encrypted key given its password, and names a wrong or missing one", async () => {
    const enc = openssl(["pkcs8", "-topk8", "-in", file("main.key"), "-v2", "aes-256-cbc", "-passout", "pass:keypw"]);
    expect(enc).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    const data = Buffer.from(main.certPem + enc);
    expect((await importCertificateFile(data, "keypw")).keyPem).toBe(main.keyPem);
    const wrong = await rejection(importCertificateFile(data, "nope-pw-77"));
    expect(wrong.code).toBe("wrong_key_password");
    expect(wrong.message).not.toContain("nope-pw-77");
    expect((await rejection(importCertificateFile(data))).code).toBe("key_password_required");
    // legacy OpenSSL encryption (Proc-Type header)
    const legacy = openssl(["rsa", "-in", file("main.key"), "-traditional", "-aes256", "-passout", "pass:keypw"]);
    expect(legacy).toMatch(/Proc-Type: 4,ENCRYPTED/);
    expect((await importCertificateFile(Buffer.from(legacy + main.certPem), "keypw")).keyPem).toBe(main.keyPem);
  });

  it("refuses a key that does not belong to the certificate", async () => {
    const e = await rejection(importCertificateFile(Buffer.from(main.certPem + fs.readFileSync(file("ca.key"), "utf8"))));
    expect(e.code).toBe("key_mismatch");
    expect(e.message).toMatch(/private key does not belong to the certificate/);
  });

  it("refuses a certificate without private key, as PEM or DER", async () => {
    const pem = await rejection(importCertificateFile(Buffer.from(main.certPem)));
    expect(pem.code).toBe("no_private_key");
    expect(pem.hint).toMatch(/\.pfx\/\.p12 file with its password, or a PEM file with the certificate and its private key/);
    const der = await rejection(importCertificateFile(exportPublicCertificate(main.certPem, "der")));
    expect(der.code).toBe("no_private_key");
  });

  it("refuses files that are not certificates with a one-line message saying what is accepted", async () => {
    const noise = randomBytes(600);
    noise[0] = 0x42;
    const seqNoise = randomBytes(600);
    seqNoise[0] = 0x30; // looks like DER, so it goes through the PKCS#12 parser
    for (const data of [noise, seqNoise, Buffer.from("just some text\nsecond line\n"), Buffer.from(main.keyPem)]) {
      const e = await rejection(importCertificateFile(data, "pw"));
      expect(e.code).toBe("not_a_certificate");
      expect(e.message).not.toContain("\n");
      expect(e.hint).toMatch(/\.pfx\/\.p12/);
    }
  });

  it("refuses EC keys and RSA keys below 2048 bits with a clear reason", async () => {
    const ec = fs.readFileSync(file("ec.pem"), "utf8") + fs.readFileSync(file("ec.key"), "utf8");
    const e = await rejection(importCertificateFile(Buffer.from(ec)));
    expect(e.code).toBe("unsupported_key_type");
    expect(e.message).toMatch(/private key is EC: only RSA keys are accepted/);

    openssl(["pkcs12", "-export", "-in", file("small.pem"), "-inkey", file("small.key"), "-passout", "pass:pw", "-out", file("small.pfx")]);
    const small = await rejection(importCertificateFile(fs.readFileSync(file("small.pfx")), "pw"));
    expect(small.code).toBe("key_too_small");
    expect(small.message).toMatch(/1024 bits: Entra ID accepts RSA keys of 2048 bits or more/);
  });
});
