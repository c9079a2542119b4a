import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { StatusLine } from "./StatusLine.js";
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
  it("truncates instead of wrapping so it stays two lines", () => {
    const keys = Array.from({ length: 30 }, (_, i) => ({ key: String(i), label: "something" }));
    const f = plain(render(<StatusLine keys={keys} width={40} />).lastFrame());
    expect(f.split("\n")).toHaveLength(2);
    expect(f).toContain("checking the keychain");
  });
});
