import { describe, expect, it } from "vitest";
import { terminalCaps } from "./terminal.js";

describe("terminalCaps", () => {
  it("honours NO_COLOR and TERM=dumb", () => {
    expect(terminalCaps({ TERM: "xterm-256color" })).toEqual({ color: true, ascii: false, altScreen: true });
    expect(terminalCaps({ TERM: "xterm", NO_COLOR: "1" })).toEqual({ color: false, ascii: false, altScreen: true });
    expect(terminalCaps({ TERM: "xterm", NO_COLOR: "" }).color).toBe(true);
    expect(terminalCaps({ TERM: "dumb" })).toEqual({ color: false, ascii: true, altScreen: false });
  });
});
