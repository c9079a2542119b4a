import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isCmsPem } from "../crypto/cms.js";
import { Profile, checkSettings, resolveProfileLocation } from "./profile.js";

let home: string;
const env = () => ({ IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase" });
const open = () => Profile.open(resolveProfileLocation(env(), "default"), { env: env() });

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "ibi-profile-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function opensslDecrypt(configFile: string, keyPem: string): string {
  const keyFile = join(home, "k.pem");
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  try {
    return execFileSync("openssl", ["cms", "-decrypt", "-inform", "PEM", "-in", configFile, "-inkey", keyFile], { encoding: "utf8" });
  } finally {
    rmSync(keyFile);
  }
}

describe("resolveProfileLocation", () => {
  it("follows IBI_ENTRA_HOME, then XDG_CONFIG_HOME, then ~/.config", () => {
    expect(resolveProfileLocation({ IBI_ENTRA_HOME: "/a" }, "p").dir).toBe("/a/p");
    expect(resolveProfileLocation({ XDG_CONFIG_HOME: "/x" }).dir).toBe("/x/ibi-entra/default");
    expect(resolveProfileLocation({ HOME: "/h" }).dir).toBe("/h/.config/ibi-entra/default");
  });
  it("refuses profile names that could escape the folder", () => {
    expect(() => resolveProfileLocation({ IBI_ENTRA_HOME: "/a" }, "../etc")).toThrow(/profile "..\/etc" is not valid/);
  });
});

describe("settings and rotation", () => {
  it("keeps settings plain until a certificate exists, then encrypts to every certificate", async () => {
    const p = await open();
    await p.saveSettings({ cloud: "global", tenantId: "contoso.onmicrosoft.com" });
    expect(isCmsPem(readFileSync(p.path.config, "utf8"))).toBe(false);
    const a = await p.generateCertificate({});
    expect(isCmsPem(readFileSync(p.path.config, "utf8"))).toBe(true);
    const b = await p.generateCertificate({});
    for (const c of [a, b]) {
      const plain = opensslDecrypt(p.path.config, await p.loadPrivateKey(c.thumbprintSha256));
      expect(JSON.parse(plain)).toMatchObject({ tenantId: "contoso.onmicrosoft.com" });
    }
    // After deleting the first, only the second can open it, and the settings survive.
    await p.deleteCertificate(a.thumbprintSha1, { force: true });
    expect((await open()).listCertificates().map((c) => c.thumbprintSha1)).toEqual([b.thumbprintSha1]);
    expect((await (await open()).readSettings()).tenantId).toBe("contoso.onmicrosoft.com");
  });

  it("stores plain JSON when encryption is turned off, and encrypts again when turned on", async () => {
    const p = await open();
    await p.generateCertificate({});
    await p.saveSettings({ cloud: "usgov", encryption: "off" });
    expect(JSON.parse(readFileSync(p.path.config, "utf8"))).toMatchObject({ cloud: "usgov", encryption: "off" });
    await p.saveSettings({ cloud: "usgov", encryption: "on" });
    expect(isCmsPem(readFileSync(p.path.config, "utf8"))).toBe(true);
    expect(p.resolveHosts(await p.readSettings())).toEqual({ authorityHost: "https://login.microsoftonline.us", graphHost: "https://graph.microsoft.us" });
  });

  it("finds certificates by unambiguous prefix of either thumbprint and refuses ambiguity", async () => {
    const p = await open();
    const a = await p.generateCertificate({});
    expect(p.findCertificate(a.thumbprintSha256.slice(0, 6).toLowerCase()).thumbprintSha1).toBe(a.thumbprintSha1);
    expect(p.findCertificate(a.thumbprintSha1.replace(/(..)(?!$)/g, "$1:")).thumbprintSha1).toBe(a.thumbprintSha1);
    await p.generateCertificate({});
    expect(() => p.findCertificate("zz")).toThrow(/not valid/);
    const all = p.listCertificates();
    const prefixes = all.flatMap((c) => [c.thumbprintSha1.slice(0, 4), c.thumbprintSha256.slice(0, 4)]);
    const unused = ["0000", "1111", "2222", "3333", "4444", "5555"].find((x) => !prefixes.includes(x))!;
    expect(() => p.findCertificate(unused)).toThrow(/no certificate .* starting with/);
    expect(all.filter((c) => c.active)).toHaveLength(1);
  });

  it("validates every field of the settings, naming it", () => {
    expect(() => checkSettings({ cloud: "global", applicationId: "x" })).toThrow(/Application ID "x" is not valid/);
    expect(() => checkSettings({ cloud: "moon" as never })).toThrow(/cloud "moon" is not valid/);
    expect(() => checkSettings({ cloud: "global", graphHost: "https://g.example/v1.0" })).toThrow(/Graph host/);
    expect(checkSettings({ cloud: "global", applicationId: "ABCDEF01-2345-6789-ABCD-EF0123456789", authorityHost: "https://Login.Example:8443/" })).toEqual({
      cloud: "global",
      applicationId: "abcdef01-2345-6789-abcd-ef0123456789",
      authorityHost: "https://login.example:8443",
    });
  });
});
