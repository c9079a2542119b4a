import { describe, expect, it } from "vitest";
import { checkExitCode } from "./check.js";
import type { CheckResult, PermissionResult } from "./types.js";

const okPerm = (name: string): PermissionResult => ({ name, granted: true, coveredBy: null, probe: { ok: true, status: 200, code: null }, ok: true, hint: null });

function result(over: Partial<CheckResult>): CheckResult {
  return {
    ok: false,
    tenantId: "t",
    applicationId: "a",
    cloud: "global",
    authorityHost: "https://login.microsoftonline.com",
    graphHost: "https://graph.microsoft.com",
    certificate: { thumbprintSha1: "AA", thumbprintSha256: "BB", notAfter: "2030-01-01T00:00:00.000Z", daysLeft: 1000, expiresSoon: false },
    authentication: { ok: true, code: null, message: "", hint: null },
    permissions: [okPerm("Device.Read.All"), okPerm("User.Read.All"), okPerm("GroupMember.Read.All")],
    consentUrl: "",
    warnings: [],
    durationMs: 1,
    ...over,
  };
}

describe("checkExitCode", () => {
  it("0 when ok", () => {
    expect(checkExitCode(result({ ok: true }))).toBe(0);
  });
  it("3 for sign-in failures of the network, TLS or a timeout; 1 for the others", () => {
    for (const code of ["network", "tls", "timeout"])
      expect(checkExitCode(result({ authentication: { ok: false, code, message: "", hint: null } }))).toBe(3);
    for (const code of ["AADSTS700027", "clock_skew", "tenant_not_found", "empty_token", "throttled"])
      expect(checkExitCode(result({ authentication: { ok: false, code, message: "", hint: null } }))).toBe(1);
  });
  it("a missing permission is 1 even when another probe hit the network; only transport failures of granted permissions are 3", () => {
    const timedOut: PermissionResult = { ...okPerm("User.Read.All"), ok: false, probe: { ok: false, status: null, code: "timeout" } };
    const missing: PermissionResult = { ...okPerm("Device.Read.All"), granted: false, ok: false, probe: { ok: false, status: 403, code: "Authorization_RequestDenied" } };
    expect(checkExitCode(result({ permissions: [okPerm("Device.Read.All"), timedOut, okPerm("GroupMember.Read.All")] }))).toBe(3);
    expect(checkExitCode(result({ permissions: [missing, timedOut, okPerm("GroupMember.Read.All")] }))).toBe(1);
    const notGrantedTimeout: PermissionResult = { ...timedOut, granted: false };
    expect(checkExitCode(result({ permissions: [okPerm("Device.Read.All"), notGrantedTimeout, okPerm("GroupMember.Read.All")] }))).toBe(1);
  });
});
