import { describe, expect, it } from "vitest";
import { IbiError, type NextStep } from "../../core/errors.js";
import { diagnoseDeviceCodeError } from "../../core/entra/diagnose.js";
import { errorReport } from "../../present/error-report.js";
import { helpSections, keyFor } from "./keymap.js";
import { STEP_ACTIONS, dashboardHint, dashboardStep } from "./next-steps.js";
import { toMessage } from "./use-dashboard.js";

describe("dashboard next steps: keys", () => {
  it("names each action by its key and button, or by what to do on screen", () => {
    const steps: [NextStep, string][] = [
      [{ action: "generateCertificate" }, "press g to Generate"],
      [{ action: "importCertificate" }, "press i to Import PFX or PEM"],
      [{ action: "activateCertificate" }, "press a to activate certificate"],
      [{ action: "register" }, "press R to Register in Azure..."],
      [{ action: "setField", field: "tenantId" }, "edit Tenant ID, then press s to Save"],
      [{ action: "overwrite" }, "confirm when asked to replace it"],
      [{ action: "unlockVault" }, "enter the vault passphrase when the dashboard asks for it"],
      [{ action: "grantConsent", url: "https://l.example/t/adminconsent?client_id=a" }, "have an administrator open https://l.example/t/adminconsent?client_id=a"],
    ];
    for (const [step, text] of steps) expect(dashboardStep(step).text).toBe(text);
  });

  it("names the key and label the help overlay lists for it", () => {
    const help = helpSections({ hasCertificate: true, demo: false, hasCheck: true, consentNeeded: true }).flatMap((s) => s.keys);
    for (const [step, action] of Object.entries(STEP_ACTIONS)) {
      const row = help.find((k) => k.key === keyFor(action));
      expect(row, action).toBeDefined();
      expect(dashboardStep({ action: step } as NextStep).text).toBe(`press ${row!.key} to ${row!.label}`);
    }
    expect(dashboardStep({ action: "setField", field: "cloud" }).text).toBe(`edit Cloud, then press ${keyFor("save")} to Save`);
  });

  it("never names a command or a flag", () => {
    const all: NextStep[] = [
      { action: "generateCertificate" },
      { action: "importCertificate" },
      { action: "listCertificates" },
      { action: "activateCertificate" },
      { action: "overwrite" },
      { action: "setField", field: "applicationId" },
      { action: "setInput", field: "keySize" },
      { action: "unlockVault" },
      { action: "register" },
    ];
    for (const s of all) expect(dashboardStep(s).text).not.toMatch(/ibi-entra|--/);
  });

  it("words core's hints with keys", () => {
    expect(dashboardHint("generate one first", [{ action: "generateCertificate" }])).toBe("generate one first: press g to Generate");
    expect(dashboardHint("set the Directory (tenant) ID from the portal's app overview", [{ action: "setField", field: "tenantId" }])).toBe(
      "set the Directory (tenant) ID from the portal's app overview: edit Tenant ID, then press s to Save",
    );
    const expired = diagnoseDeviceCodeError("expired_token", 60)!;
    expect(dashboardHint(expired.hint, expired.next)).toBe("Press R to register again and enter the code within 1 minute.");
  });

  it("the dashboard's error message uses them", () => {
    const e = new IbiError("no_certificate", "no active certificate", { hint: "generate one first", next: [{ action: "generateCertificate" }] });
    expect(toMessage(e)).toEqual({ kind: "error", text: "no active certificate", hint: "generate one first: press g to Generate" });
    expect(errorReport(e, dashboardStep).hint).toBe("generate one first: press g to Generate");
  });
});
