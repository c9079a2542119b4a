import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { StatusLine, statusLineRows } from "./StatusLine.js";
import { plain } from "./ink.test-support.js";

describe("StatusLine", () => {
  it("lists keys and the secret store with its reason", () => {
    const f = plain(
      render(<StatusLine keys={[{ key: "g", label: "Generate" }, { key: "q", label: "quit" }]} store={{ kind: "file", reason: "no Secret Service on D-Bus" }} width={60} />).lastFrame(),
    );
    const [keys, store] = f.split("\n");
    expect(keys!.trimEnd()).toBe("g Generate · q quit");
    expect(store).toBe("Secrets: vault file (no Secret Service on D-Bus)");
  });
  it("wraps the keys between entries instead of cutting them", () => {
    const keys = Array.from({ length: 12 }, (_, i) => ({ key: String(i), label: "something" }));
    const f = plain(render(<StatusLine keys={keys} width={40} />).lastFrame());
    const lines = f.split("\n").map((l) => l.trimEnd());
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    // every key is there, none split across lines, no ellipsis
    for (let i = 0; i < 12; i++) expect(lines.some((l) => new RegExp(`(^|· )${i} something( ·|$)`).test(l))).toBe(true);
    expect(lines.slice(0, -1).join("\n")).not.toContain("…");
    expect(lines.at(-1)).toBe("Secrets: checking the keychain…");
    expect(statusLineRows(keys, undefined, 40)).toBe(lines.length);
  });

  it("keeps the whole reason for the vault: drops words before it, then wraps", () => {
    const store = { kind: "file" as const, reason: "no Secret Service on the session bus" };
    const at = (width: number) => plain(render(<StatusLine keys={[{ key: "q", label: "quit" }]} store={store} width={width} />).lastFrame()).split("\n").slice(1).map((l) => l.trimEnd());
    expect(at(80)).toEqual(["Secrets: vault file (no Secret Service on the session bus)"]);
    expect(at(50)).toEqual(["vault (no Secret Service on the session bus)"]);
    const narrow = at(30);
    expect(narrow.length).toBe(2);
    expect(narrow.join(" ")).toBe("vault (no Secret Service on the session bus)");
    expect(narrow.join("")).not.toContain("…");
  });
});
