import { describe, expect, it } from "vitest";
import { clean, osc52 } from "./text.js";

describe("osc52", () => {
  it("wraps base64 of the text in the clipboard sequence", () => {
    const seq = osc52("-----BEGIN CERTIFICATE-----\nabc\n");
    expect(seq.startsWith("\x1b]52;c;")).toBe(true);
    expect(seq.endsWith("\x07")).toBe(true);
    expect(Buffer.from(seq.slice(7, -1), "base64").toString()).toBe("-----BEGIN CERTIFICATE-----\nabc\n");
  });
});

describe("clean", () => {
  it("removes escape sequences and control characters from network text", () => {
    expect(clean("App \x1b[2J\x1b]0;pwned\x07name\r\nnext\u202e")).toBe("App name next");
    expect(clean("bell\x07 and \x9b c1")).toBe("bell and c1");
  });
});
