import { Box } from "ink";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { checkResult } from "./fixtures.test-support.js";
import { PermissionTable, permissionTableRows } from "./PermissionTable.js";
import { plain } from "./ink.test-support.js";

const frame = (kind: Parameters<typeof checkResult>[0]) => plain(render(<PermissionTable result={checkResult(kind)} copyKey="y" />).lastFrame());

describe("PermissionTable", () => {
  it("all granted: a ✓ row each, no consent URL", () => {
    const f = frame("allOk");
    expect(f).toMatch(/✓ Authentication\s+signed in/);
    for (const p of ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"]) expect(f).toMatch(new RegExp(`✓ ${p.replace(/\./g, "\\.")}\\s+granted`));
    expect(f).not.toContain("Admin consent");
    expect(f).not.toContain("✗");
  });

  it("one missing: ✗ with the fix and the admin-consent URL", () => {
    const f = frame("oneMissing");
    expect(f).toMatch(/✗ GroupMember\.Read\.All\s+missing/);
    expect(f).toContain("fix: add the application permission GroupMember.Read.All and grant admin consent");
    expect(f.replace(/\n/g, "")).toContain("Admin consent (y copies): https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/adminconsent?client_id=22222222-2222-2222-2222-222222222222");
  });

  it("compact: one line per item, cut at the edge", () => {
    const f = plain(render(<PermissionTable result={checkResult("oneMissing")} copyKey="y" compact />).lastFrame());
    expect(f.split("\n")).toHaveLength(6);
    expect(f).toMatch(/Admin consent \(y copies\): https:\/\/login\.microsoftonline\.com\/.*…$/m);
  });

  it("covered by a broader permission says so", () => {
    const f = frame("covered");
    expect(f).toMatch(/User\.Read\.All\s+covered by Directory\.Read\.All \(more than IBI-aws needs\)/);
    expect(f).toMatch(/✓ Device\.Read\.All\s+granted/);
  });

  it("auth failure: ✗ with code and fix, permissions not checked, network text cleaned", () => {
    const raw = render(<PermissionTable result={checkResult("authFailed")} />).lastFrame() ?? "";
    expect(raw).not.toContain("\x1b[31m(signature");
    const f = plain(raw);
    expect(f).toMatch(/✗ Authentication\s+the certificate was not accepted \(signature invalid\) \[AADSTS700027\]/);
    expect(f).toContain("fix: upload the active certificate in the Azure Portal");
    expect(f).toMatch(/– Device\.Read\.All\s+not checked \(sign-in failed\)/);
    expect(f).not.toContain("Admin consent");
  });

  it("says how many rows it takes, full and compact, at any width", () => {
    for (const kind of ["allOk", "oneMissing", "covered", "authFailed"] as const)
      for (const width of [40, 60, 80, 100, 200])
        for (const compact of [false, true]) {
          const result = checkResult(kind);
          const f = plain(render(<Box width={width}><PermissionTable result={result} copyKey="y" compact={compact} /></Box>).lastFrame());
          expect(permissionTableRows(result, width, compact, "y"), `${kind} at ${width}${compact ? " compact" : ""}`).toBe(f.split("\n").length);
        }
    expect(permissionTableRows(checkResult("allOk"), 200, false)).toBe(4);
    expect(permissionTableRows(checkResult("oneMissing"), 60, false)).toBeGreaterThan(permissionTableRows(checkResult("oneMissing"), 200, false));
  });
});
