import { describe, expect, it } from "vitest";
import { hostOf, safeUrl, stripControl } from "./text.js";

describe("stripControl", () => {
  it("removes ESC sequences' control bytes, bidi overrides and C1 controls; line breaks become spaces", () => {
    expect(stripControl("a\u001b[31mred\u001b[0m\r\nTrace ID: x\tz")).toBe("a[31mred[0m Trace ID: x z");
    expect(stripControl("evil\u202etxt.exe\u0085\u009b")).toBe("eviltxt.exe");
    expect(stripControl("bell\u0007 and nul\u0000")).toBe("bell and nul");
  });
  it("bounds the length", () => {
    expect(stripControl("x".repeat(500), 10)).toBe(`${"x".repeat(9)}…`);
  });
  it("URLs lose credentials and queries", () => {
    expect(safeUrl("https://u:p@host.example:8443/path?token=abc#f")).toBe("https://host.example:8443/path");
    expect(hostOf("https://127.0.0.1:9999/x")).toBe("127.0.0.1:9999");
  });
});
