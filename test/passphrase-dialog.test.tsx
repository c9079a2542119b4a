// The dashboard's "Create the vault" dialog refuses a new passphrase under 12 characters (core's rule, shown as
// the user types); unlocking an existing vault takes any non-empty passphrase.
import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { KEY, paste, plain, press } from "../src/components/ink.test-support.js";
import { PassphraseDialog } from "../src/screens/PassphraseDialog.js";

describe("PassphraseDialog", () => {
  it("refuses a short new passphrase, then asks for a long one twice", async () => {
    const onSubmit = vi.fn();
    const r = render(<PassphraseDialog purpose="create" vaultPath="/p/vault" onSubmit={onSubmit} onCancel={() => {}} />);
    await paste(r.stdin, "short-pass1");
    await press(r.stdin, KEY.enter);
    expect(plain(r.lastFrame())).toContain("has 11 characters: use at least 12");
    expect(plain(r.lastFrame())).not.toContain("Repeat the passphrase");
    await paste(r.stdin, "!");
    await press(r.stdin, KEY.enter);
    expect(plain(r.lastFrame())).toContain("Repeat the passphrase");
    await paste(r.stdin, "short-pass1!");
    await press(r.stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith("short-pass1!");
  });

  it("unlocks with a short passphrase (an existing vault is never checked)", async () => {
    const onSubmit = vi.fn();
    const r = render(<PassphraseDialog purpose="unlock" vaultPath="/p/vault" onSubmit={onSubmit} onCancel={() => {}} />);
    await paste(r.stdin, "short");
    await press(r.stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith("short");
  });
});
