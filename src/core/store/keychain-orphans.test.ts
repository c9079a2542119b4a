// Keys of a profile in the real keychain that no certificate names (doctor's finding): found, and removed without
// touching the keys that certificates use.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Profile, resolveProfileLocation } from "./profile.js";
import { secretServiceStatus, secretToolLookup } from "./secret-store/secrets.test-support.js";

const status = await secretServiceStatus();

describe(`keychain orphans${status.skip ? ` (skipped: ${status.reason})` : ""}`, () => {
  it.skipIf(status.skip)("lists a key no certificate names and removes only that one", async () => {
    const home = mkdtempSync(join(tmpdir(), "ibi-entra-orphans-"));
    const env = { ...process.env, IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "keychain" };
    const profile = await Profile.open(resolveProfileLocation(env, "default"), { env });
    const cert = await profile.generateCertificate({});
    const namespace = JSON.parse(readFileSync(join(home, "default", "certificates.json"), "utf8")).namespace as string;
    const stray = "AB".repeat(32);
    const strayAccount = `${namespace}/key-${stray}`;
    spawnSync("secret-tool", ["store", "--label=stray", "service", "ibi-entra", "username", strayAccount], { input: "not a key of any certificate", timeout: 10_000 });
    try {
      expect(await profile.keychainOrphans()).toEqual([stray]);
      expect(await profile.removeKeychainOrphans()).toEqual([stray]);
      expect(secretToolLookup("ibi-entra", strayAccount)).toBeNull();
      expect(secretToolLookup("ibi-entra", `${namespace}/key-${cert.thumbprintSha256}`)).not.toBeNull();
      expect(await profile.keychainOrphans()).toEqual([]);
    } finally {
      spawnSync("secret-tool", ["clear", "service", "ibi-entra", "username", strayAccount], { timeout: 10_000 });
      await profile.deleteCertificate(cert.thumbprintSha256, { force: true }).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
