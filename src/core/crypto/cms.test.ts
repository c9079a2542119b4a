// openssl cms is the judge: what we encrypt it decrypts with either key, and what it encrypts we decrypt.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCertificate } from "./generate.js";
import type { CertificateMaterial } from "./x509.js";
import { decryptWithKey, encryptForCertificates, isCmsPem } from "./cms.js";
import { rejection } from "./openssl.test-support.js";

const OPENSSL = "/usr/bin/openssl";
let dir: string;
const file = (name: string) => path.join(dir, name);
let a: CertificateMaterial;
let b: CertificateMaterial;
let stranger: CertificateMaterial;

// Non-ASCII and multi-line on purpose: the configuration is JSON written by people with umlauts in their names.
const CONFIG = JSON.stringify(
  { tenantId: "11111111-2222-3333-4444-555555555555", applicationId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", note: "Grüße €" },
  null,
  2,
);

function openssl(args: string[], input?: string): string {
  return execFileSync(OPENSSL, args, { input, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-cms-"));
  [a, b, stranger] = await Promise.all([
    generateCertificate({ subject: "CN=IBI-helpMe", days: 30 }),
    generateCertificate({ subject: "CN=IBI-helpMe", days: 30 }), // same subject: recipients differ by serial only
    generateCertificate({ subject: "CN=other", days: 30 }),
  ]);
  for (const [name, m] of [["a", a], ["b", b]] as const) {
    fs.writeFileSync(file(`${name}.pem`), m.certPem);
    fs.writeFileSync(file(`${name}.key`), m.keyPem);
  }
  fs.writeFileSync(file("plain.txt"), CONFIG);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("encryptForCertificates", () => {
  let pem: string;
  beforeAll(async () => {
    pem = await encryptForCertificates(CONFIG, [a.certPem, b.certPem]);
    fs.writeFileSync(file("config.pem"), pem);
  });

  it("writes CMS PEM that openssl decrypts with each of the two keys alone", () => {
    expect(pem.startsWith("-----BEGIN CMS-----\n")).toBe(true);
    expect(isCmsPem(pem)).toBe(true);
    for (const key of ["a.key", "b.key"]) {
      expect(openssl(["cms", "-decrypt", "-inform", "PEM", "-in", file("config.pem"), "-inkey", file(key)])).toBe(CONFIG);
    }
    // and with -recip, which makes openssl look the recipient up by issuer and serial
    expect(openssl(["cms", "-decrypt", "-inform", "PEM", "-in", file("config.pem"), "-recip", file("b.pem"), "-inkey", file("b.key")])).toBe(CONFIG);
  });

  it("holds one RSA key-transport recipient per certificate and AES-256-CBC content", () => {
    const printed = openssl(["cms", "-cmsout", "-print", "-inform", "PEM", "-in", file("config.pem")]);
    expect(printed.match(/d\.ktri:/g)).toHaveLength(2);
    expect(printed.match(/d\.issuerAndSerialNumber:/g)).toHaveLength(2);
    expect(printed).toMatch(/algorithm: rsaesOaep/);
    expect(printed).toMatch(/contentEncryptionAlgorithm:\s+algorithm: aes-256-cbc/);
  });

  it("decrypts with each certificate and key", async () => {
    expect(await decryptWithKey(pem, a.certPem, a.keyPem)).toBe(CONFIG);
    expect(await decryptWithKey(pem, b.certPem, b.keyPem)).toBe(CONFIG);
  });

  it("uses a fresh content key each time", async () => {
    const again = await encryptForCertificates(CONFIG, [a.certPem]);
    expect(again).not.toBe(await encryptForCertificates(CONFIG, [a.certPem]));
  });

  it("refuses an empty certificate list and a non-certificate", async () => {
    expect((await rejection(encryptForCertificates(CONFIG, []))).code).toBe("config_no_recipients");
    expect((await rejection(encryptForCertificates(CONFIG, ["nope"]))).code).toBe("not_a_certificate");
  });

  it("reports config_not_for_certificate for a certificate that is no recipient", async () => {
    const e = await rejection(decryptWithKey(pem, stranger.certPem, stranger.keyPem));
    expect(e.code).toBe("config_not_for_certificate");
    expect(e.message).toMatch(/not encrypted for this certificate/);
  });

  it("reports key_mismatch when the key is not the certificate's", async () => {
    expect((await rejection(decryptWithKey(pem, a.certPem, b.keyPem))).code).toBe("key_mismatch");
  });
});

describe("decryptWithKey on files openssl wrote", () => {
  // -binary: without it openssl turns LF into CRLF (S/MIME text canonicalisation)
  function opensslEncrypt(name: string, extra: string[], recipients = ["a.pem", "b.pem"]): string {
    openssl(["cms", "-encrypt", "-binary", ...extra, "-outform", "PEM", "-in", file("plain.txt"), "-out", file(name), ...recipients.map(file)]);
    return fs.readFileSync(file(name), "utf8");
  }

  it("decrypts openssl cms -encrypt -aes256 (RSA PKCS#1 v1.5 key transport)", async () => {
    const single = opensslEncrypt("o-single.pem", ["-aes256"], ["b.pem"]);
    expect(single).toMatch(/^-----BEGIN CMS-----/);
    expect(await decryptWithKey(single, b.certPem, b.keyPem)).toBe(CONFIG);
    const both = opensslEncrypt("o-both.pem", ["-aes256"]);
    expect(await decryptWithKey(both, a.certPem, a.keyPem)).toBe(CONFIG);
    expect(await decryptWithKey(both, b.certPem, b.keyPem)).toBe(CONFIG);
  });

  it("decrypts OAEP (SHA-1 default and SHA-256), AES-128, streamed BER and subject-key-id recipients", async () => {
    const oaep = (md: string) => ["-keyopt", "rsa_padding_mode:oaep", "-keyopt", `rsa_oaep_md:${md}`];
    const variants: [string, string[]][] = [
      ["oaep-sha1.pem", ["-aes256", "-recip", file("a.pem"), ...oaep("sha1")]],
      ["oaep-sha256.pem", ["-aes256", "-recip", file("a.pem"), ...oaep("sha256")]],
      ["aes128.pem", ["-aes128", "-recip", file("a.pem")]],
      ["stream.pem", ["-aes256", "-stream", "-recip", file("a.pem")]],
      ["keyid.pem", ["-aes256", "-keyid", "-recip", file("a.pem")]],
    ];
    for (const [name, args] of variants) {
      const pem = opensslEncrypt(name, args, []);
      expect(await decryptWithKey(pem, a.certPem, a.keyPem), name).toBe(CONFIG);
    }
    expect(openssl(["asn1parse", "-in", file("stream.pem")])).toMatch(/l=inf/); // really indefinite-length BER
    expect(openssl(["cms", "-cmsout", "-print", "-inform", "PEM", "-in", file("keyid.pem")])).toMatch(/d\.subjectKeyIdentifier/);
  });
});

describe("damaged files", () => {
  let pem: string;
  beforeAll(async () => {
    pem = await encryptForCertificates(CONFIG, [a.certPem]);
  });

  const expectCorrupt = async (text: string, detail = /./) => {
    const e = await rejection(decryptWithKey(text, a.certPem, a.keyPem));
    expect(e.code).toBe("config_corrupt");
    expect(e.message).toMatch(/^configuration file is damaged: /);
    expect(e.message).toMatch(detail);
    expect(e.message).not.toContain("\n");
  };

  it("reports a file cut short as config_corrupt", async () => {
    await expectCorrupt(pem.slice(0, Math.floor(pem.length / 2)));
    const lines = pem.trimEnd().split("\n");
    // body lines missing but the END line intact
    await expectCorrupt([...lines.slice(0, 4), lines[lines.length - 1]].join("\n"));
  });

  it("reports garbage as config_corrupt", async () => {
    await expectCorrupt("");
    await expectCorrupt("tenantId=1234\n");
    await expectCorrupt("-----BEGIN CMS-----\n!!!! not base64 ????\n-----END CMS-----\n");
    await expectCorrupt(`-----BEGIN CMS-----\n${Buffer.from("hello world, no ASN.1 here").toString("base64")}\n-----END CMS-----\n`);
    // a valid PEM of the wrong kind
    await expectCorrupt(a.certPem.replaceAll("CERTIFICATE", "CMS"));
  });

  it("reports damaged ciphertext as config_corrupt", async () => {
    const block = /-----BEGIN CMS-----\n([\s\S]+)-----END CMS-----/.exec(pem)![1]!;
    const der = Buffer.from(block.replace(/\s+/g, ""), "base64");
    // flipping a bit of the second-last cipher block always breaks the padding of the last one
    der[der.length - 17]! ^= 0x01;
    const damaged = `-----BEGIN CMS-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CMS-----\n`;
    await expectCorrupt(damaged, /encrypted content cannot be decrypted/);
    const r = spawnSync(OPENSSL, ["cms", "-decrypt", "-inform", "PEM", "-inkey", file("a.key")], { input: damaged });
    expect(r.status).not.toBe(0); // openssl agrees that the file is damaged
  });

  it("recognises CMS and PKCS7 PEM headers only", () => {
    expect(isCmsPem("-----BEGIN PKCS7-----\nAA==\n-----END PKCS7-----\n")).toBe(true);
    expect(isCmsPem("\n-----BEGIN CMS-----\n")).toBe(true);
    expect(isCmsPem('{"tenantId": "x"}')).toBe(false);
    expect(isCmsPem(a.certPem)).toBe(false);
  });
});
