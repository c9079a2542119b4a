import { describe, expect, it } from "vitest";
import { checkResult } from "../components/fixtures.test-support.js";
import { authRow, permissionRows } from "../present/permission-rows.js";
import { formatCheckReport } from "./check-report.js";

describe("formatCheckReport", () => {
  it("says what the dashboard says for each permission (src/present/permission-rows.ts)", () => {
    for (const kind of ["allOk", "oneMissing", "covered", "authFailed"] as const) {
      const r = checkResult(kind);
      const text = formatCheckReport(r);
      for (const p of permissionRows(r)) {
        expect(text).toContain(`${p.name.padEnd(20)} ${p.text}`);
        if (p.fix) expect(text).toContain(`    fix: ${p.fix}`);
      }
      const a = authRow(r);
      expect(text).toContain(`Authentication: ${a.text}`);
    }
    expect(formatCheckReport(checkResult("covered"))).toMatch(/✓ User\.Read\.All {8}covered by Directory\.Read\.All \(more than IBI-aws needs\)/);
  });

  it("uses ASCII marks on a dumb terminal", () => {
    const text = formatCheckReport(checkResult("oneMissing"), { ascii: true });
    expect(text).toMatch(/^\[ok\] Device\.Read\.All/m);
    expect(text).toMatch(/^\[!!\] GroupMember\.Read\.All\s+missing/m);
    expect(text).not.toMatch(/[✓✗]/);
  });
});
