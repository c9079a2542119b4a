import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { PromptDialog } from "./PromptDialog.js";
import { KEY, paste, plain, press, typeText, until } from "./ink.test-support.js";

describe("PromptDialog", () => {
  it("submits the default value on Enter", async () => {
    const onSubmit = vi.fn();
    const r = render(<PromptDialog title="Export" label="Save to" initialValue="/tmp/a.cer" onSubmit={onSubmit} onCancel={() => {}} />);
    const { stdin, lastFrame } = r;
    expect(plain(lastFrame())).toContain("Save to: /tmp/a.cer");
    await press(stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith("/tmp/a.cer");
  });

  it("masks a password, validates on Enter and shows the message", async () => {
    const onSubmit = vi.fn();
    const r = render(
      <PromptDialog title="PFX password" label="Password" masked validate={(v) => (v.length >= 4 ? true : "at least 4 characters")} onSubmit={onSubmit} onCancel={() => {}} />,
    );
    const { stdin, lastFrame } = r;
    await typeText(r, "abc");
    expect(plain(lastFrame())).toContain("Password: ***");
    expect(plain(lastFrame())).not.toContain("abc");
    await press(stdin, KEY.enter);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(plain(lastFrame())).toContain("✗ at least 4 characters");
    await typeText(r, "d");
    expect(plain(lastFrame())).not.toContain("at least 4");
    await press(stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith("abcd");
  });

  it("clears a pre-filled path with Backspaces, types a new one and submits, all in ONE write", async () => {
    const onSubmit = vi.fn();
    const { stdin } = render(<PromptDialog title="Export" label="Save to" initialValue="/tmp/x/IBI-helpMe-99345007.cer" onSubmit={onSubmit} onCancel={() => {}} />);
    await paste(stdin, `${KEY.backspace.repeat(40)}/srv/out.cer${KEY.enter}`);
    await until(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith("/srv/out.cer");
  });

  it("ESC+b in one write is Alt+B (word left), not Esc", async () => {
    const onCancel = vi.fn();
    const onSubmit = vi.fn();
    const { stdin } = render(<PromptDialog title="T" label="L" initialValue="one two" onSubmit={onSubmit} onCancel={onCancel} />);
    await paste(stdin, `\x1bbX${KEY.enter}`);
    await until(() => onSubmit.mock.calls.length > 0);
    expect(onCancel).not.toHaveBeenCalled();
    expect(onSubmit).toHaveBeenCalledWith("one Xtwo");
  });

  it("cancels on Esc", async () => {
    const onCancel = vi.fn();
    const { stdin } = render(<PromptDialog title="T" label="L" onSubmit={() => {}} onCancel={onCancel} />);
    await press(stdin, KEY.esc);
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
