import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { KEY, plain, press } from "./ink.test-support.js";
import { ScrollView } from "./ScrollView.js";

const rows = Array.from({ length: 30 }, (_, i) => ({ text: `row ${i + 1}` }));

describe("ScrollView", () => {
  it("shows everything without a marker when it fits", () => {
    const f = plain(render(<ScrollView rows={rows.slice(0, 5)} height={5} />).lastFrame());
    expect(f.split("\n")).toEqual(["row 1", "row 2", "row 3", "row 4", "row 5"]);
  });

  it("scrolls with ↑/↓ PgUp/PgDn Home/End and says where it is", async () => {
    const r = render(<ScrollView rows={rows} height={10} />);
    const f = () => plain(r.lastFrame()).split("\n");
    expect(f()[0]).toBe("row 1");
    expect(f().at(-1)).toMatch(/^lines 1–9 of 30/);
    await press(r, KEY.down);
    expect(f()[0]).toBe("row 2");
    await press(r, "\x1b[6~"); // PgDn
    expect(f()[0]).toBe("row 11");
    await press(r, "\x1b[F"); // End
    expect(f()[0]).toBe("row 22");
    expect(f().at(-2)).toBe("row 30");
    expect(f().at(-1)).toMatch(/^lines 22–30 of 30/);
    await press(r, KEY.down);
    expect(f()[0]).toBe("row 22");
    await press(r, "\x1b[5~"); // PgUp
    expect(f()[0]).toBe("row 13");
    await press(r, "\x1b[H"); // Home
    expect(f()[0]).toBe("row 1");
    await press(r, KEY.up);
    expect(f()[0]).toBe("row 1");
  });
});
