import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { MenuDialog } from "./MenuDialog.js";
import { KEY, paste, plain, press, until } from "./ink.test-support.js";

const items = [
  { label: "Save to a file...", value: "file" as const },
  { label: "Show the PEM on screen", value: "show" as const },
  { label: "Copy the PEM to your clipboard (OSC 52)", value: "copy" as const },
];

describe("MenuDialog", () => {
  it("moves with arrows and selects with Enter", async () => {
    const onSelect = vi.fn();
    const r = render(<MenuDialog title="Export (Public Key Only)..." items={items} onSelect={onSelect} onCancel={() => {}} />);
    const { lastFrame } = r;
    expect(plain(lastFrame())).toContain("› Save to a file...");
    await press(r, KEY.down, KEY.down);
    expect(plain(lastFrame())).toContain("› Copy the PEM");
    await press(r, KEY.enter);
    expect(onSelect).toHaveBeenCalledWith("copy");
  });
  it("↓↓⏎ in one write moves twice and picks", async () => {
    const onSelect = vi.fn();
    const { stdin } = render(<MenuDialog title="M" items={items} onSelect={onSelect} onCancel={() => {}} />);
    await paste(stdin, KEY.down + KEY.down + KEY.enter);
    await until(() => onSelect.mock.calls.length > 0);
    expect(onSelect).toHaveBeenCalledExactlyOnceWith("copy");
  });
  it("Esc cancels", async () => {
    const onCancel = vi.fn();
    const { stdin } = render(<MenuDialog title="M" items={items} onSelect={() => {}} onCancel={onCancel} />);
    await press(stdin, KEY.esc);
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
