import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CertificateView, Profile } from "../store/profile.js";
import { tempProfile, type TempProfile } from "./actions.test-support.js";
import { exportFormat, exportPublic } from "./export-public.js";
import { exportPfx } from "./export-pfx.js";

let t: TempProfile;
let profile: Profile;
let cert: CertificateView;
beforeAll(async () => {
  t = tempProfile();
  profile = await t.open();
  cert = await profile.generateCertificate({});
}, 60_000);
afterAll(() => t.remove());

describe("exportFormat", () => {
  it("follows the file name unless a format is given, and refuses a contradiction", () => {
    expect(exportFormat("a.cer", undefined)).toBe("der");
    expect(exportFormat("a.crt", undefined)).toBe("pem");
    expect(exportFormat("a.txt", undefined)).toBe("pem");
    expect(exportFormat(undefined, undefined)).toBe("pem");
    expect(exportFormat("a.txt", "der")).toBe("der");
    expect(() => exportFormat("a.cer", "pem")).toThrow(expect.objectContaining({ code: "format_mismatch" }));
  });
});

describe("exportPublic", () => {
  it("writes DER for .cer that openssl reads with the same thumbprint", async () => {
    const out = join(t.home, "pub.cer");
    const r = await exportPublic(profile, cert.thumbprintSha1.slice(0, 8), { out });
    expect(r).toMatchObject({ file: out, format: "der" });
    const fp = execFileSync("openssl", ["x509", "-inform", "DER", "-in", out, "-noout", "-fingerprint", "-sha1"], { encoding: "utf8" });
    expect(fp.replace(/[:\s]/g, "")).toContain(cert.thumbprintSha1);
  });

  it("returns the PEM without a file, and refuses DER without one", async () => {
    const r = await exportPublic(profile, cert.thumbprintSha1);
    expect(r.file).toBeUndefined();
    expect(r.data.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    await expect(exportPublic(profile, cert.thumbprintSha1, { format: "der" })).rejects.toMatchObject({ code: "der_needs_file" });
  });

  it("keeps an existing file unless overwriting is allowed, and never writes over a directory", async () => {
    const out = join(t.home, "exists.pem");
    writeFileSync(out, "keep me");
    await expect(exportPublic(profile, cert.thumbprintSha1, { out })).rejects.toMatchObject({ code: "file_exists" });
    expect(readFileSync(out, "utf8")).toBe("keep me");
    await exportPublic(profile, cert.thumbprintSha1, { out, overwrite: true });
    expect(readFileSync(out, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const dir = join(t.home, "a-dir.pem");
    mkdirSync(dir);
    await expect(exportPublic(profile, cert.thumbprintSha1, { out: dir, overwrite: true })).rejects.toMatchObject({ code: "is_directory" });
  });
});

describe("exportPfx", () => {
  it("asks for the password only when the file may be written, and refuses an empty one", async () => {
    const out = join(t.home, "taken.pfx");
    writeFileSync(out, "keep me");
    let asked = 0;
    const password = async () => (asked++, "pfx-pw");
    await expect(exportPfx(profile, cert.thumbprintSha1, { out, password })).rejects.toMatchObject({ code: "file_exists" });
    expect(asked).toBe(0);
    await expect(exportPfx(profile, cert.thumbprintSha1, { out, overwrite: true, password: async () => "" })).rejects.toMatchObject({ code: "empty_secret" });
    expect(readFileSync(out, "utf8")).toBe("keep me");
    const r = await exportPfx(profile, cert.thumbprintSha1, { out, overwrite: true, password });
    expect(asked).toBe(1);
    expect(r.file).toBe(out);
    expect(execFileSync("openssl", ["pkcs12", "-in", out, "-nodes", "-passin", "pass:pfx-pw"], { encoding: "utf8" })).toContain("-----BEGIN PRIVATE KEY-----");
  });
});
