import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { NOW, file, main, openssl, opensslFingerprint, thrown, useCertificateFixtures } from "./openssl.test-support.js";
import { describeCertificate, exportPublicCertificate, formatFromPath } from "./x509.js";

useCertificateFixtures();

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
