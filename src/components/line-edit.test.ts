import { describe, expect, it } from "vitest";
import { tokenize } from "./keys.js";
import { editLine, lineAtEnd, type LineState } from "./line-edit.js";

/** "ab|cd" ⇄ { value: "abcd", cursor: 2 } */
const parse = (s: string): LineState => ({ value: s.replace("|", ""), cursor: s.indexOf("|") });
const show = (s: LineState) => `${Array.from(s.value).slice(0, s.cursor).join("")}|${Array.from(s.value).slice(s.cursor).join("")}`;

function type(start: string, input: string): string {
  let s = parse(start);
  for (const k of tokenize(input, true).keys) s = editLine(s, k).state;
  return show(s);
}

describe("editLine: each key on a value and cursor", () => {
  it.each<[string, string, string, string]>([
    ["insert at the cursor", "ab|cd", "X", "abX|cd"],
    ["a burst, in order", "|", "contoso", "contoso|"],
    ["← and →", "abc|", "\x1b[D\x1b[DX\x1b[CY", "aXbY|c"],
    ["← at the start, → at the end stay", "|ab", "\x1b[D", "|ab"],
    ["Home / End", "ab|cd", "\x1b[H1\x1b[F2", "1abcd2|"],
    ["Ctrl+A / Ctrl+E", "ab|cd", "\x011\x052", "1abcd2|"],
    ["Backspace (DEL)", "abc|", "\x7f", "ab|"],
    ["Backspace (BS)", "abc|", "\b", "ab|"],
    ["Backspace at the start does nothing", "|abc", "\x7f", "|abc"],
    ["40 Backspaces in one read clear 36 characters", `${"x".repeat(36)}|`, "\x7f".repeat(40), "|"],
    ["Delete (forward)", "ab|cd", "\x1b[3~", "ab|d"],
    ["Delete at the end does nothing", "ab|", "\x1b[3~", "ab|"],
    ["Ctrl+U deletes to the start", "ab|cd", "\x15", "|cd"],
    ["Ctrl+K deletes to the end", "ab|cd", "\x0b", "ab|"],
    ["Ctrl+W deletes back to a space (a whole path)", "cp /tmp/a.pfx|", "\x17", "cp |"],
    ["Alt+Backspace deletes a word", "/tmp/a-b.pfx|", "\x1b\x7f", "/tmp/a-b.|"],
    ["Alt+← / Alt+→ move by word (xterm)", "one two three|", "\x1b[1;3D\x1b[1;3DX\x1b[1;3CY", "one XtwoY| three"],
    ["Alt+B / Alt+F move by word", "one two|", "\x1bbX\x1bf", "one Xtwo|"],
    ["Ctrl+← moves by word", "one two|", "\x1b[1;5D", "one |two"],
    ["Enter, Tab, Esc, ↑/↓ and control bytes are never inserted", "a|", "\r\t\x1b[A\x1b[B\x00\x07\x1c\x1f\x1b", "a|"],
    ["a paste is text, without its line breaks", "|", "\x1b[200~22222222-2222\r\n\x1b[201~", "22222222-2222|"],
    ["characters beyond the BMP count as one", "a😀|", "\x7f", "a|"],
  ])("%s", (_what, start, input, expected) => {
    expect(type(start, input)).toBe(expected);
  });

  it("says which keys are not its own", () => {
    const s = lineAtEnd("ab");
    expect(s.cursor).toBe(2);
    for (const k of tokenize("\r\t\x1b[Z\x1b[A\x1b[B\x03\x1bOP", true).keys) expect(editLine(s, k).handled, k.name).toBe(false);
    for (const k of tokenize("x\x7f\x1b[D\x15", true).keys) expect(editLine(s, k).handled, k.name).toBe(true);
  });
});
