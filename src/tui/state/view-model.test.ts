import { describe, expect, it } from "vitest";
import { certificate, checkResult } from "../../components/fixtures.test-support.js";
import { FOCUS_ORDER, fieldError, focusable, isDirty, moveFocus, nextCloud, settingsFromForm } from "./view-model.js";
import { certificateRow, defaultExportPath } from "../../present/certificate-rows.js";
import { needsConsent, permissionRows } from "../../present/permission-rows.js";

describe("focus", () => {
  it("skips certificate actions without a certificate and wraps around", () => {
    expect(focusable(true)).toEqual(FOCUS_ORDER);
    expect(focusable(false)).toEqual(["register", "tenantId", "applicationId", "cloud", "generate", "import", "testConnection", "recheck", "save"]);
    expect(moveFocus(FOCUS_ORDER, "save", 1)).toBe("register");
    expect(moveFocus(FOCUS_ORDER, "register", -1)).toBe("save");
    expect(moveFocus(FOCUS_ORDER, "register", 1)).toBe("tenantId");
    expect(moveFocus(focusable(false), "delete", 1)).toBe("register");
  });
});

describe("form", () => {
  it("blank fields are not set; the rest of the saved settings is kept", () => {
    const saved = { cloud: "global" as const, tenantId: "old.onmicrosoft.com", authorityHost: "https://127.0.0.1:8443" };
    expect(settingsFromForm(saved, { tenantId: "  ", applicationId: " 22222222-2222-2222-2222-222222222222 ", cloud: "usgov" })).toEqual({
      cloud: "usgov",
      applicationId: "22222222-2222-2222-2222-222222222222",
      authorityHost: "https://127.0.0.1:8443",
    });
  });
  it("dirty ignores surrounding spaces and GUID case", () => {
    const saved = { cloud: "global" as const, applicationId: "22222222-2222-2222-2222-22222222abcd" };
    expect(isDirty(saved, { tenantId: "", applicationId: "22222222-2222-2222-2222-22222222ABCD ", cloud: "global" })).toBe(false);
    expect(isDirty(saved, { tenantId: "x", applicationId: "22222222-2222-2222-2222-22222222abcd", cloud: "global" })).toBe(true);
    expect(isDirty(saved, { tenantId: "", applicationId: "22222222-2222-2222-2222-22222222abcd", cloud: "china" })).toBe(true);
  });
  it("validates only non-empty fields, with the core's messages", () => {
    expect(fieldError("tenantId", "")).toBeUndefined();
    expect(fieldError("tenantId", "contoso.onmicrosoft.com")).toBeUndefined();
    expect(fieldError("tenantId", "common")).toMatch(/^Tenant ID "common" is not valid/);
    expect(fieldError("applicationId", "nope")).toMatch(/^Application ID "nope" is not valid/);
  });
  it("cycles clouds both ways", () => {
    expect(nextCloud("global", 1)).toBe("usgov");
    expect(nextCloud("global", -1)).toBe("china");
  });
});

describe("certificate rows", () => {
  it("marks expiry with 30 days or fewer left, and expired ones", () => {
    // one rule everywhere (src/core/crypto/expiry.ts): warn with 30 days or fewer left
    expect(certificateRow(certificate({ daysLeft: 31 })).warning).toBe("none");
    expect(certificateRow(certificate({ daysLeft: 30 }))).toMatchObject({ warning: "soon", daysLeft: "30 days", days: "30" });
    expect(certificateRow(certificate({ daysLeft: 29 }))).toMatchObject({ warning: "soon", daysLeft: "29 days" });
    expect(certificateRow(certificate({ daysLeft: 1 })).daysLeft).toBe("1 day");
    expect(certificateRow(certificate({ daysLeft: -1 }))).toMatchObject({ warning: "expired", daysLeft: "expired" });
  });
  it("cleans the subject and shortens the thumbprint", () => {
    const r = certificateRow(certificate({ subject: "CN=evil\x1b[2J" }), 10);
    expect(r.subject).toBe("CN=evil");
    expect(r.thumbprint).toBe("3F2A1B4C5…");
  });
  it("default export path: profile folder, first 8 of SHA-1", () => {
    expect(defaultExportPath("/p/default", certificate(), "cer")).toBe("/p/default/IBI-helpMe-3F2A1B4C.cer");
  });
});

describe("permission rows", () => {
  it("one per permission in each state", () => {
    expect(permissionRows(checkResult("allOk")).map((r) => r.state)).toEqual(["ok", "ok", "ok"]);
    const missing = permissionRows(checkResult("oneMissing"));
    expect(missing[2]).toMatchObject({ state: "missing", text: "missing", fix: expect.stringContaining("grant admin consent") });
    expect(permissionRows(checkResult("covered"))[1]).toMatchObject({ state: "covered", text: "covered by Directory.Read.All (more than IBI-aws needs)" });
    expect(permissionRows(checkResult("authFailed")).map((r) => r.state)).toEqual(["unchecked", "unchecked", "unchecked"]);
  });
  it("a granted permission whose probe failed says so with the HTTP status", () => {
    const r = checkResult("allOk");
    r.permissions[0] = { ...r.permissions[0]!, ok: false, probe: { ok: false, status: 503, code: "serviceUnavailable" }, hint: "retry later" };
    expect(permissionRows(r)[0]).toMatchObject({ state: "failed", text: "granted, but the probe failed (HTTP 503 serviceUnavailable)", fix: "retry later" });
  });
  it("consent URL only when sign-in works and something is missing", () => {
    expect(needsConsent(checkResult("oneMissing"))).toBe(true);
    expect(needsConsent(checkResult("allOk"))).toBe(false);
    expect(needsConsent(checkResult("authFailed"))).toBe(false);
  });
});
