import { describe, expect, it } from "vitest";
import { IbiError, type NextStep } from "../core/errors.js";
import { diagnoseDeviceCodeError } from "../core/entra/diagnose.js";
import { errorLines, errorReport } from "../present/error-report.js";
import { cliHint, cliStep } from "./next-steps.js";

describe("CLI next steps: commands and flags", () => {
  it("names each action as the command or flag that does it", () => {
    const steps: [NextStep, string][] = [
      [{ action: "generateCertificate" }, "ibi-entra cert generate"],
      [{ action: "importCertificate" }, "ibi-entra cert import FILE"],
      [{ action: "listCertificates" }, "ibi-entra cert list"],
      [{ action: "activateCertificate" }, "ibi-entra cert activate THUMBPRINT"],
      [{ action: "overwrite" }, "pass --force"],
      [{ action: "setField", field: "tenantId" }, "ibi-entra config set --tenant-id VALUE"],
      [{ action: "setInput", field: "keySize" }, "pass --key-size"],
      [{ action: "setEnv", name: "IBI_ENTRA_VAULT_PASSPHRASE" }, "set IBI_ENTRA_VAULT_PASSPHRASE"],
      [{ action: "grantConsent", url: "https://login.example/t/adminconsent?client_id=a" }, "have an administrator open https://login.example/t/adminconsent?client_id=a"],
      [{ action: "register" }, "ibi-entra register"],
    ];
    for (const [step, text] of steps) expect(cliStep(step).text).toBe(text);
  });

  it("appends the steps to core's words, keeping its full stop", () => {
    expect(cliHint("generate one first", [{ action: "generateCertificate" }])).toBe("generate one first with: ibi-entra cert generate");
    expect(cliHint("Generate or import a certificate first.", [{ action: "generateCertificate" }, { action: "importCertificate" }])).toBe(
      "Generate or import a certificate first with: ibi-entra cert generate, or ibi-entra cert import FILE.",
    );
    expect(cliHint("activate another certificate first, or confirm deleting the active one", [{ action: "activateCertificate" }, { action: "overwrite" }])).toBe(
      "activate another certificate first, or confirm deleting the active one with: ibi-entra cert activate THUMBPRINT, or pass --force",
    );
    expect(cliHint("correct it", [{ action: "setField", field: "graphHost" }])).toBe("correct it with: ibi-entra config set --graph-host VALUE");
  });

  it("a step with before/then leads its sentence, as register's hints read", () => {
    const expired = diagnoseDeviceCodeError("expired_token", 900)!;
    expect(expired.hint).toBe("Start the registration again and enter the code within 15 minutes.");
    expect(cliHint(expired.hint, expired.next)).toBe("Run ibi-entra register again and enter the code within 15 minutes.");
    expect(cliHint("x", [{ action: "register", before: "Microsoft Graph is busy or unavailable:", then: "in a few minutes" }])).toBe(
      "Microsoft Graph is busy or unavailable: run ibi-entra register again in a few minutes.",
    );
  });

  it("leaves hints without steps as they are", () => {
    expect(cliHint("Check DNS.", undefined)).toBe("Check DNS.");
    expect(cliHint(null, [])).toBeUndefined();
  });

  it("reportError's lines word an IbiError's steps for the command line", () => {
    const e = new IbiError("no_certificate", 'profile "default" has no active certificate to upload', { hint: "generate one first", next: [{ action: "generateCertificate" }] });
    expect(errorLines(errorReport(e, cliStep))).toBe('ibi-entra: profile "default" has no active certificate to upload\n  hint: generate one first with: ibi-entra cert generate\n');
    expect(errorReport(e, cliStep).next).toEqual([{ action: "generateCertificate" }]);
    // without a renderer (a front end that has none) core's neutral words stand
    expect(errorReport(e).hint).toBe("generate one first");
  });
});

describe("CLI next steps: example values", () => {
  it("gives an input's example as the flag would be typed", () => {
    expect(cliHint("give a distinguished name", [{ action: "setInput", field: "subject", example: "CN=IBI-helpMe" }])).toBe('give a distinguished name, e.g. --subject "CN=IBI-helpMe"');
    expect(cliHint("give the validity in days (730 is two years)", [{ action: "setInput", field: "days", example: "730" }])).toBe(
      "give the validity in days (730 is two years), e.g. --days 730",
    );
    expect(cliStep({ action: "setField", field: "cloud", example: "usgov" }).text).toBe("ibi-entra config set --cloud usgov");
  });
});
