import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempProfile, type TempProfile } from "./actions.test-support.js";
import { applySettingChanges, saveSettings } from "./settings.js";

describe("applySettingChanges", () => {
  it("sets given fields, clears empty ones, leaves the rest, and falls back to the global cloud", () => {
    const current = { cloud: "usgov" as const, tenantId: "contoso.onmicrosoft.com", applicationId: "22222222-2222-2222-2222-222222222222" };
    expect(applySettingChanges(current, { tenantId: "fabrikam.onmicrosoft.com", applicationId: "" })).toEqual({ cloud: "usgov", tenantId: "fabrikam.onmicrosoft.com" });
    expect(applySettingChanges(current, { cloud: "" })).toMatchObject({ cloud: "global", tenantId: "contoso.onmicrosoft.com" });
  });
});

describe("saveSettings", () => {
  let t: TempProfile;
  beforeEach(() => {
    t = tempProfile();
  });
  afterEach(() => t.remove());

  it("validates before writing: a bad field is refused and the saved settings stay", async () => {
    const profile = await t.open();
    await saveSettings(profile, { tenantId: "contoso.onmicrosoft.com" });
    await expect(saveSettings(profile, { applicationId: "not-a-guid" })).rejects.toMatchObject({ code: "invalid_setting" });
    const r = await saveSettings(profile, { applicationId: "22222222-2222-2222-2222-222222222222" });
    expect(r.previous).toEqual({ cloud: "global", tenantId: "contoso.onmicrosoft.com" });
    expect(await (await t.open()).readSettings()).toEqual({ cloud: "global", tenantId: "contoso.onmicrosoft.com", applicationId: "22222222-2222-2222-2222-222222222222" });
    expect(r.encryption.encrypted).toBe(false);
  });
});
