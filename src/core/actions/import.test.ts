import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateCertificate as makeCertificate } from "../crypto/generate.js";
import { tempProfile, writeLegacyEncryptedPem, type TempProfile } from "./actions.test-support.js";
import { importCertificate, importPasswordKind, passwordKind, type PasswordKind } from "./import.js";

let t: TempProfile;
beforeEach(() => {
  t = tempProfile();
});
afterEach(() => t.remove());

function asker(answer: string | undefined) {
  const asked: PasswordKind[] = [];
  return { asked, askPassword: async (kind: PasswordKind) => (asked.push(kind), answer) };
}

describe("passwordKind", () => {
  it("tells a PFX, an encrypted PEM key (PKCS#8 or legacy) and a plain PEM apart", () => {
    expect(passwordKind(Buffer.from([0x30, 0x82, 0x01, 0x00]))).toBe("pfx");
    expect(passwordKind(Buffer.from("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))).toBe("key");
    expect(passwordKind(Buffer.from("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n"))).toBe("key");
    expect(passwordKind(Buffer.from("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n"))).toBeUndefined();
  });
});

describe("importCertificate", () => {
  it("asks for the password of a legacy-encrypted PEM key and imports it", async () => {
    const pem = writeLegacyEncryptedPem(t.home, "legacy-pw");
    expect(readFileSync(pem.file, "utf8")).toContain("Proc-Type: 4,ENCRYPTED");
    expect(await importPasswordKind(pem.file)).toBe("key");
    const a = asker("legacy-pw");
    const profile = await t.open();
    const added = await importCertificate(profile, pem.file, a);
    expect(a.asked).toEqual(["key"]);
    expect(added).toMatchObject({ thumbprintSha1: pem.thumbprintSha1, subject: "CN=Legacy PEM", active: true });
    expect((await t.open()).listCertificates().map((c) => c.thumbprintSha1)).toEqual([pem.thumbprintSha1]);
  });

  it("refuses a legacy-encrypted PEM without its password, and with a wrong one, changing nothing", async () => {
    const pem = writeLegacyEncryptedPem(t.home, "legacy-pw");
    const profile = await t.open();
    await expect(importCertificate(profile, pem.file, asker(undefined))).rejects.toMatchObject({ code: "key_password_required" });
    await expect(importCertificate(profile, pem.file, asker("nope"))).rejects.toMatchObject({ code: "wrong_key_password" });
    expect(profile.listCertificates()).toEqual([]);
  });

  it("does not ask for a password for a PEM with a plain key", async () => {
    const m = await makeCertificate({ subject: "CN=Plain" });
    const file = join(t.home, "plain.pem");
    writeFileSync(file, m.certPem + m.keyPem);
    const a = asker("unused");
    const added = await importCertificate(await t.open(), file, a);
    expect(a.asked).toEqual([]);
    expect(added.subject).toBe("CN=Plain");
  });

  it("asks for the password of a PFX", async () => {
    const m = await makeCertificate({ subject: "CN=From PFX" });
    const dir = join(t.home, "src");
    mkdirSync(dir);
    writeFileSync(join(dir, "c.pem"), m.certPem + m.keyPem);
    const pfx = join(dir, "c.pfx");
    execFileSync("openssl", ["pkcs12", "-export", "-in", join(dir, "c.pem"), "-out", pfx, "-passout", "pass:pfx-pw"]);
    const a = asker("pfx-pw");
    expect((await importCertificate(await t.open(), pfx, a)).subject).toBe("CN=From PFX");
    expect(a.asked).toEqual(["pfx"]);
  });

  it("says clearly why a file cannot be read", async () => {
    const profile = await t.open();
    await expect(importCertificate(profile, join(t.home, "missing.pfx"), asker("x"))).rejects.toThrow(/cannot read .*missing\.pfx: no such file/);
    await expect(importCertificate(profile, t.home, asker("x"))).rejects.toMatchObject({ code: "unreadable_file", message: expect.stringMatching(/it is a directory/) });
  });
});

describe("the import's expiry warning", () => {
  it("comes back with a certificate expiring within 30 days, not with one that has more left", async () => {
    const soon = await makeCertificate({ subject: "CN=soon", days: 5 });
    writeFileSync(join(t.home, "soon.pem"), `${soon.certPem}${soon.keyPem}`);
    const profile = await t.open();
    const added = await importCertificate(profile, join(t.home, "soon.pem"), asker(undefined));
    expect(added.warning).toMatch(new RegExp(`^certificate ${added.thumbprintSha1} expires on \\d{4}-\\d\\d-\\d\\d \\([45] days left, 30 or fewer\\): plan its rotation$`));
    const later = await makeCertificate({ subject: "CN=later", days: 32 });
    writeFileSync(join(t.home, "later.pem"), `${later.certPem}${later.keyPem}`);
    expect((await importCertificate(profile, join(t.home, "later.pem"), asker(undefined))).warning).toBeUndefined();
  });
});
