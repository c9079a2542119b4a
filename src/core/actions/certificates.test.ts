import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "../store/profile.js";
import { tempProfile, type TempProfile } from "./actions.test-support.js";
import { activateCertificate, deleteCertificate, deletionImpact, generateCertificate } from "./certificates.js";

let t: TempProfile;
let profile: Profile;
beforeAll(async () => {
  t = tempProfile();
  profile = await t.open();
});
afterAll(() => t.remove());

describe("certificate actions", () => {
  it("refuses a bad subject or validity before generating anything", async () => {
    await expect(generateCertificate(profile, { subject: "IBI-helpMe" })).rejects.toMatchObject({ code: "invalid_subject" });
    await expect(generateCertificate(profile, { days: 0 })).rejects.toMatchObject({ code: "invalid_days" });
    expect(profile.listCertificates()).toEqual([]);
  });

  it("generates (the first is active), activates, and deletes the active one only with force", async () => {
    const first = await generateCertificate(profile);
    const second = await generateCertificate(profile, { subject: "CN=rotation", days: 365 });
    expect([first.active, second.active]).toEqual([true, false]);
    expect((await activateCertificate(profile, first.thumbprintSha1)).active).toBe(true); // already active: no change
    expect((await activateCertificate(profile, second.thumbprintSha1.slice(0, 10))).thumbprintSha1).toBe(second.thumbprintSha1);
    await expect(deleteCertificate(profile, second.thumbprintSha1)).rejects.toMatchObject({ code: "certificate_active" });
    const r = await deleteCertificate(profile, first.thumbprintSha1);
    expect(r).toMatchObject({ deleted: { thumbprintSha1: first.thumbprintSha1 }, active: { thumbprintSha1: second.thumbprintSha1 } });
    expect((await deleteCertificate(profile, second.thumbprintSha1, { force: true })).active).toBeUndefined();
  }, 60_000);

  it("with guardLast, the last certificate (even when not active) needs force, and the impact says the configuration turns plain", async () => {
    const a = await generateCertificate(profile);
    const b = await generateCertificate(profile, { subject: "CN=second" });
    await profile.updateSettings((s) => ({ ...s, tenantId: "contoso.onmicrosoft.com" }));
    expect(await deletionImpact(profile, b.thumbprintSha1)).toMatchObject({ last: false, configBecomesPlain: false });
    await deleteCertificate(profile, a.thumbprintSha1, { force: true, guardLast: true }); // b is left, not active
    expect(await deletionImpact(profile, b.thumbprintSha1)).toMatchObject({ certificate: { active: false }, last: true, configBecomesPlain: true });
    const e = await deleteCertificate(profile, b.thumbprintSha1, { guardLast: true }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "certificate_last", exitCode: 2 });
    expect((e as Error).message).toContain("the configuration will no longer be encrypted");
    expect(profile.listCertificates()).toHaveLength(1);
    await deleteCertificate(profile, b.thumbprintSha1, { guardLast: true, force: true });
    expect(await profile.settingsFileState()).toBe("plain");
    expect((await profile.readSettings()).tenantId).toBe("contoso.onmicrosoft.com");
  }, 60_000);
});
