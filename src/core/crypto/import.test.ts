import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { file, main, openssl, opensslFingerprint, rejection, spkiOf, useCertificateFixtures } from "./openssl.test-support.js";
import { importCertificateFile } from "./import.js";
import { describeCertificate, exportPublicCertificate } from "./x509.js";

useCertificateFixtures();

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
    // Looks like DER, so it goes through the PKCS#12 parser; many samples, since random lengths take different paths.
    const seqNoise = Array.from({ length: 40 }, () => {
      const b = randomBytes(600);
      b[0] = 0x30;
      return b;
    });
    for (const data of [noise, ...seqNoise, Buffer.from("just some text\nsecond line\n"), Buffer.from(main.keyPem)]) {
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
