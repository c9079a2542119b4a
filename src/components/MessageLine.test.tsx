import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { MessageLine } from "./MessageLine.js";
import { plain } from "./ink.test-support.js";

describe("MessageLine", () => {
  it("shows an error with its hint, and a spinner while busy", () => {
    expect(plain(render(<MessageLine message={{ kind: "error", text: "Tenant ID is empty", hint: "enter it" }} />).lastFrame())).toBe(
      "✗ Tenant ID is empty\n  hint: enter it",
    );
    expect(plain(render(<MessageLine message={{ kind: "ok", text: "Saved" }} />).lastFrame())).toBe("✓ Saved");
    expect(plain(render(<MessageLine busy="Generating…" message={{ kind: "ok", text: "old" }} />).lastFrame())).toMatch(/^\S Generating…$/);
  });
});
