import { describe, expect, it } from "vitest";
import { gatedScreen } from "./normal-screen.js";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON } from "./terminal.js";

function fakeStdout() {
  const written: string[] = [];
  const out = { columns: 80, rows: 24, isTTY: true, write: (s: string) => (written.push(s), true), on: () => out } as unknown as NodeJS.WriteStream;
  return { out, written };
}

describe("gatedScreen", () => {
  it("drops Ink's writes while the text is on the normal screen, and returns to the alternate screen once", () => {
    const { out, written } = fakeStdout();
    const s = gatedScreen(out, true);
    s.stdout.write("frame 1");
    expect(s.stdout.columns).toBe(80);
    s.print("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    expect(s.away()).toBe(true);
    s.stdout.write("frame 2 (dropped)");
    s.back();
    s.back();
    s.stdout.write("frame 3");
    expect(written[0]).toBe("frame 1");
    expect(written[1]).toBe(ALT_SCREEN_OFF);
    expect(written[2]).toBe("-----BEGIN CERTIFICATE-----\r\nAAAA\r\n-----END CERTIFICATE-----\r\n");
    expect(written[3]!.startsWith(ALT_SCREEN_ON)).toBe(true);
    expect(written.slice(4)).toEqual(["frame 3"]);
    expect(s.away()).toBe(false);
  });

  it("a dropped write's callback still runs", () => {
    const { out } = fakeStdout();
    const s = gatedScreen(out, true);
    s.print("x");
    let called = false;
    s.stdout.write("dropped", () => (called = true));
    expect(called).toBe(true);
  });
});
