import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { GLOBAL_KEYS } from "../tui/state/view-model.js";
import { HelpOverlay } from "./HelpOverlay.js";
import { plain, press } from "./ink.test-support.js";

describe("HelpOverlay", () => {
  it("lists every key and closes on any key", async () => {
    const onClose = vi.fn();
    const { stdin, lastFrame } = render(<HelpOverlay sections={[{ title: "Keys", keys: [...GLOBAL_KEYS] }]} onClose={onClose} />);
    const f = plain(lastFrame());
    for (const k of GLOBAL_KEYS) expect(f).toContain(`${k.key.padEnd(10)}${k.label}`.slice(0, 30));
    await press(stdin, "x");
    expect(onClose).toHaveBeenCalled();
  });
});
