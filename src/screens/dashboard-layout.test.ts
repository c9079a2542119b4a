import { describe, expect, it } from "vitest";
import { certificate, checkResult } from "../components/fixtures.test-support.js";
import { certificateButtonRows, certificatesPaneRows } from "./CertificatesPane.js";
import { MIN_WIDTH, dashboardLayout, type LayoutInput } from "./dashboard-layout.js";

const input = (n: number, kind?: Parameters<typeof checkResult>[0], errors: LayoutInput["errors"] = {}): LayoutInput => ({
  certificates: Array.from({ length: n }, () => certificate()),
  check: { running: false, result: kind && checkResult(kind) },
  errors,
  loadError: undefined,
});

describe("dashboard layout", () => {
  it("the certificate buttons wrap below 94 columns", () => {
    expect(certificateButtonRows(80)).toBe(2);
    expect(certificateButtonRows(93)).toBe(2);
    expect(certificateButtonRows(94)).toBe(1);
    // title, the shown rows, "i of N" when some are hidden, the buttons
    expect(certificatesPaneRows(5, 2, 100)).toBe(1 + 2 + 1 + 1);
    expect(certificatesPaneRows(0, 1, 100)).toBe(1 + 1 + 1);
  });

  it("blank lines between the panes only from 32 rows", () => {
    expect(dashboardLayout(input(1), 100, 31)).toMatchObject({ roomy: false, marginTop: 0 });
    expect(dashboardLayout(input(1), 100, 32)).toMatchObject({ roomy: true, marginTop: 1 });
  });

  it("the list takes what the compact result leaves, at least one row", () => {
    // 80x23: header 1, fields 4, Save 1, message 2, status 2; list title 1, "i of N" 1, buttons 2; Test connection 1
    expect(dashboardLayout(input(10), 80, 23).certificateRows).toBe(23 - 10 - 4 - 1);
    // the compact one-missing result: sign-in, 3 permissions, a fix, the consent URL
    expect(dashboardLayout(input(10, "oneMissing"), 80, 23).certificateRows).toBe(23 - 10 - 4 - 1 - 6);
    expect(dashboardLayout(input(10, "oneMissing"), 80, 12).certificateRows).toBe(1);
    expect(dashboardLayout(input(3), 100, 40).certificateRows).toBe(3);
  });

  it("the result is compact only when it does not fit in full", () => {
    expect(dashboardLayout(input(1, "oneMissing"), 100, 40).compact).toBe(false);
    expect(dashboardLayout(input(1, "oneMissing"), 80, 23).compact).toBe(false); // 8 rows, exactly what is left
    expect(dashboardLayout(input(1, "oneMissing"), 80, 22).compact).toBe(true);
    expect(dashboardLayout(input(1), 80, 10).compact).toBe(false);
    // an invalid field's message takes rows from the result
    const bad = { tenantId: 'Tenant ID "x" is not valid: use the Directory (tenant) ID (a GUID) or a domain' };
    expect(dashboardLayout(input(1, "oneMissing", bad), 80, 23).compact).toBe(true);
  });

  it("a result that does not fit even one line per item gets the rows left, at least two (the last counts the rest)", () => {
    // compact one-missing: 6 items; 80x23 with 10 certificates leaves them all
    expect(dashboardLayout(input(10, "oneMissing"), 80, 23).resultRows).toBeUndefined();
    // 80x17: header 1, fields 4, Save 1, message 2, status 2, list 1+1+1+2, Test connection 1 = 16: one row left
    expect(dashboardLayout(input(2, "oneMissing"), 80, 17)).toMatchObject({ certificateRows: 1, compact: true, resultRows: 2, fits: false });
    expect(dashboardLayout(input(2, "oneMissing"), 80, 18)).toMatchObject({ resultRows: 2, fits: true, minHeight: 18 });
    expect(dashboardLayout(input(2, "oneMissing"), 80, 20)).toMatchObject({ resultRows: 4, fits: true });
    // a wider status line (it wraps) takes rows from the result
    expect(dashboardLayout(input(2, "oneMissing"), 80, 20, 3).resultRows).toBe(3);
  });

  it("too small: narrower than MIN_WIDTH or lower than what the panes need", () => {
    expect(dashboardLayout(input(1), MIN_WIDTH, 30).fits).toBe(true);
    expect(dashboardLayout(input(1), MIN_WIDTH - 1, 30).fits).toBe(false);
    const need = dashboardLayout(input(1), 80, 40).minHeight;
    expect(dashboardLayout(input(1), 80, need).fits).toBe(true);
    expect(dashboardLayout(input(1), 80, need - 1).fits).toBe(false);
  });
});

