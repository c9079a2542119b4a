import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { file, main, openssl, opensslAll, rejection, spkiOf, useCertificateFixtures } from "./openssl.test-support.js";
import { importCertificateFile } from "./import.js";
import { toPfx } from "./pfx.js";

useCertificateFixtures();

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
