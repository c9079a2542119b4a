// The dashboard's "Create the vault" dialog refuses a new passphrase under 12 characters (core's rule, shown as
// the user types); unlocking an existing vault takes any non-empty passphrase.
import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { KEY, paste, plain, press, waitForFrame } from "../src/components/ink.test-support.js";
import { PassphraseDialog } from "../src/screens/PassphraseDialog.js";

// Each step waits for the frame it causes: on 2 busy cores a fixed pause is not enough.
const until = async (r: { lastFrame: () => string | undefined }, text: string) => plain(await waitForFrame(r.lastFrame, (f) => plain(f).includes(text)));

describe("PassphraseDialog", () => {
  it("refuses a short new passphrase, then asks for a long one twice", async () => {
    const onSubmit = vi.fn();
    const r = render(<PassphraseDialog purpose="create" vaultPath="/p/vault" onSubmit={onSubmit} onCancel={() => {}} />);
    await until(r, "New vault passphrase");
    await paste(r.stdin, "short-pass1");
    await until(r, "***********");
    await press(r, KEY.enter);
    expect(await until(r, "has 11 characters: use at least 12")).not.toContain("Repeat the passphrase");
    await paste(r.stdin, "!");
    await until(r, "************");
    await press(r, KEY.enter);
    await until(r, "Repeat the passphrase");
    await paste(r.stdin, "short-pass1!");
    await until(r, "************");
    await press(r, KEY.enter);
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith("short-pass1!"), { timeout: 10_000 });
  });

  it("unlocks with a short passphrase (an existing vault is never checked)", async () => {
    const onSubmit = vi.fn();
    const r = render(<PassphraseDialog purpose="unlock" vaultPath="/p/vault" onSubmit={onSubmit} onCancel={() => {}} />);
    await until(r, "Vault passphrase");
    await paste(r.stdin, "short");
    await until(r, "*****");
    await press(r, KEY.enter);
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith("short"), { timeout: 10_000 });
  });
});
