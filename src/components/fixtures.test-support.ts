// Sample data for component and screen tests (shapes of src/core's CertificateView and CheckResult).
import type { CheckResult, PermissionResult } from "../core/entra/types.js";
import type { CertificateView } from "../core/store/profile.js";

export function certificate(over: Partial<CertificateView> = {}): CertificateView {
  return {
    subject: "CN=IBI-helpMe",
    thumbprintSha1: "3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C",
    thumbprintSha256: "AB".repeat(32),
    notBefore: "2025-01-01T00:00:00.000Z",
    notAfter: "2027-01-01T00:00:00.000Z",
    daysLeft: 400,
    keySize: 2048,
    serialNumber: "01",
    active: true,
    store: "file",
    ...over,
  } as CertificateView;
}

const granted = (name: string): PermissionResult => ({
  name,
  granted: true,
  coveredBy: null,
  probe: { ok: true, status: 200, code: null },
  ok: true,
  hint: null,
});

export function checkResult(kind: "allOk" | "oneMissing" | "covered" | "authFailed"): CheckResult {
  const base: CheckResult = {
    ok: true,
    tenantId: "11111111-1111-1111-1111-111111111111",
    applicationId: "22222222-2222-2222-2222-222222222222",
    cloud: "global",
    authorityHost: "https://login.microsoftonline.com",
    graphHost: "https://graph.microsoft.com",
    certificate: { thumbprintSha1: "3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C", thumbprintSha256: "AB".repeat(32), notAfter: "2027-01-01T00:00:00.000Z", daysLeft: 400, expiresSoon: false },
    authentication: { ok: true, code: null, message: "signed in as the application (certificate accepted)", hint: null },
    permissions: [granted("Device.Read.All"), granted("User.Read.All"), granted("GroupMember.Read.All")],
    consentUrl: "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/adminconsent?client_id=22222222-2222-2222-2222-222222222222",
    warnings: [],
    durationMs: 42,
  };
  switch (kind) {
    case "allOk":
      return base;
    case "oneMissing":
      return {
        ...base,
        ok: false,
        permissions: [
          granted("Device.Read.All"),
          granted("User.Read.All"),
          {
            name: "GroupMember.Read.All",
            granted: false,
            coveredBy: null,
            probe: { ok: false, status: 403, code: "Authorization_RequestDenied" },
            ok: false,
            hint: "add the application permission GroupMember.Read.All and grant admin consent",
          },
        ],
      };
    case "covered":
      return {
        ...base,
        permissions: [
          granted("Device.Read.All"),
          { ...granted("User.Read.All"), granted: false, coveredBy: "Directory.Read.All" },
          { ...granted("GroupMember.Read.All"), granted: false, coveredBy: "Directory.Read.All" },
        ],
      };
    case "authFailed":
      return {
        ...base,
        ok: false,
        authentication: {
          ok: false,
          code: "AADSTS700027",
          message: "the certificate was not accepted \x1b[31m(signature invalid)\x1b[0m",
          hint: "upload the active certificate in the Azure Portal (Certificates & secrets)",
        },
        permissions: base.permissions.map((p) => ({ ...p, granted: false, probe: null, ok: false, hint: null })),
      };
  }
}
