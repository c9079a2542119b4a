import { render } from "ink-testing-library";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { fieldError } from "../tui/state/view-model.js";
import { TextField } from "./TextField.js";
import { KEY, plain, press, tick, typeText, until } from "./ink.test-support.js";

function Harness({ focused = true }: { focused?: boolean }) {
  const [v, setV] = useState("");
  const [submitted, setSubmitted] = useState("");
  return (
    <>
      <TextField label="Tenant ID" value={v} focused={focused} onChange={setV} onSubmit={setSubmitted} error={fieldError("tenantId", v)} />
      {submitted ? <TextField label="submitted" value={submitted} focused={false} onChange={() => {}} /> : null}
    </>
  );
}

describe("TextField", () => {
  it("shows the validation message under the field while typing and clears it when valid", async () => {
    const r = render(<Harness />);
    const { stdin, lastFrame } = r;
    await typeText(r, "contoso");
    let f = plain(lastFrame());
    expect(f).toContain("› Tenant ID");
    expect(f).toContain("contoso");
    expect(f).toMatch(/✗ Tenant ID "contoso" is not valid/);
    await typeText(r, ".onmicrosoft.com");
    f = plain(lastFrame());
    expect(f).not.toContain("✗");
    await press(stdin, KEY.enter);
    expect(plain(lastFrame())).toContain("submitted       contoso.onmicrosoft.com");
  });

  it("applies Backspaces that arrive in one chunk instead of inserting them", async () => {
    const r = render(<Harness />);
    await typeText(r, "contoso.onmicrosoft.comXYZ");
    await press(r, "\x7f\x7f\x7f");
    expect(plain(r.lastFrame())).toContain("Tenant ID       contoso.onmicrosoft.com");
    expect(plain(r.lastFrame())).not.toContain("✗");
  });

  it("ignores keys when not focused and says an empty field is not set", async () => {
    const { stdin, lastFrame } = render(<Harness focused={false} />);
    await press(stdin, "a", "b", "c");
    const f = plain(lastFrame());
    expect(f).toContain("  Tenant ID       (not set)");
    expect(f).not.toContain("abc");
  });

  it("masks a secret", async () => {
    const r = render(<TextFieldMasked />);
    const { lastFrame } = r;
    await typeText(r, "hunter2");
    expect(plain(lastFrame())).toContain("*******");
    expect(plain(lastFrame())).not.toContain("hunter2");
  });
});

function Prefilled({ initial, onSubmit, mask }: { initial: string; onSubmit: (v: string) => void; mask?: string }) {
  const [v, setV] = useState(initial);
  return <TextField label="Path" value={v} focused onChange={setV} onSubmit={onSubmit} mask={mask} />;
}

/** Renders a field holding `initial` (cursor at its end), writes `keys` + "|" + Enter in ONE write, returns what was submitted: the "|" shows where the cursor was. */
async function burst(initial: string, keys: string, mask?: string): Promise<string> {
  const onSubmit = vi.fn();
  const r = render(<Prefilled initial={initial} onSubmit={onSubmit} mask={mask} />);
  await tick(10);
  r.stdin.write(`${keys}|\r`);
  await until(() => onSubmit.mock.calls.length > 0);
  r.unmount();
  expect(onSubmit).toHaveBeenCalledOnce();
  return onSubmit.mock.calls[0]![0] as string;
}

describe("TextField editing keys, each burst in ONE write (as over SSH)", () => {
  it.each<[string, string, string, string]>([
    ["types at the end of a pre-filled value", "/tmp/a", "bc", "/tmp/abc|"],
    ["← → move the cursor", "abc", "\x1b[D\x1b[DX\x1b[C", "aXb|c"],
    ["Home / End", "abc", "\x1b[H1\x1b[F", "1abc|"],
    ["Ctrl+A / Ctrl+E", "abc", "\x011\x05", "1abc|"],
    ["Backspace \\x7f", "abcd", "\x7f\x7f", "ab|"],
    ["Backspace \\b", "abcd", "\b\b", "ab|"],
    ["40 Backspaces clear 36 characters", "0".repeat(36), "\x7f".repeat(40), "|"],
    ["Delete (forward)", "abcd", "\x1b[H\x1b[3~\x1b[3~", "|cd"],
    ["Ctrl+U", "abcd", "\x1b[D\x15", "|d"],
    ["Ctrl+K", "abcd", "\x1b[D\x1b[D\x0b", "ab|"],
    ["Ctrl+W", "cp /tmp/x", "\x17", "cp |"],
    ["Alt+Backspace", "/tmp/a-b", "\x1b\x7f", "/tmp/a-|"],
    ["Alt+← / Alt+→", "one two", "\x1b[1;3D\x1b[1;3D\x1b[1;3C", "one| two"],
    ["Alt+B / Alt+F", "one two", "\x1bb\x1bb\x1bf", "one| two"],
    ["control bytes are not inserted", "a", "\x00\x07\x1c", "a|"],
    ["bracketed paste is text", "", "\x1b[200~/tmp/p.pfx\n\x1b[201~", "/tmp/p.pfx|"],
  ])("%s", async (_what, initial, keys, expected) => {
    expect(await burst(initial, keys)).toBe(expected);
  });

  it("a masked field edits the same way", async () => {
    expect(await burst("hunter2", "\x7f\x1b[H\x1b[3~", "*")).toBe("|unter");
  });

  it("typing fast, then Enter, in one write: the whole value is submitted", async () => {
    const onSubmit = vi.fn();
    const r = render(<Prefilled initial="" onSubmit={onSubmit} />);
    await tick(10);
    r.stdin.write("11111111-1111-1111-1111-111111111111\r");
    await until(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith("11111111-1111-1111-1111-111111111111");
  });
});

function TextFieldMasked() {
  const [v, setV] = useState("");
  return <TextField label="Password" value={v} focused onChange={setV} mask="*" />;
}
