import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { helpSections } from "../tui/state/keymap.js";
import { HelpOverlay } from "./HelpOverlay.js";
import { plain, press } from "./ink.test-support.js";

describe("HelpOverlay", () => {
  it("lists every key and closes on any key", async () => {
    const onClose = vi.fn();
    const sections = helpSections({ hasCertificate: false, demo: false, hasCheck: false, consentNeeded: false });
    const { stdin, lastFrame } = render(<HelpOverlay sections={sections} onClose={onClose} />);
    const f = plain(lastFrame());
    for (const k of sections[0]!.keys) expect(f).toContain(`${k.key.padEnd(10)}${k.label}`.slice(0, 30));
    await press(stdin, "x");
    expect(onClose).toHaveBeenCalled();
  });
});
