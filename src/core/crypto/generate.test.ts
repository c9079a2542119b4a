import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { NOW, OPENSSL, file, main, openssl, rejection, spkiOf, useCertificateFixtures } from "./openssl.test-support.js";
import { KEY_SIZES, generateCertificate, validateDays, validateSubject } from "./generate.js";
import { describeCertificate } from "./x509.js";

useCertificateFixtures();

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
