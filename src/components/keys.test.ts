import { describe, expect, it } from "vitest";
import { createKeyReader, keyLabel, printable, tokenize } from "./keys.js";

const labels = (input: string, final = false) => tokenize(input, final).keys.map(keyLabel);

describe("tokenize: one read → keys in order", () => {
  it.each<[string, string, string[]]>([
    ["printable run (a burst)", "ab1", ["a", "b", "1"]],
    ["GUID then Enter", "1f2e\r", ["1", "f", "2", "e", "enter"]],
    ["LF is Enter too", "x\n", ["x", "enter"]],
    ["two Tabs", "\t\t", ["tab", "tab"]],
    ["Shift+Tab", "\x1b[Z", ["shift+tab"]],
    ["DEL bytes (Backspace)", "\x7f\x7f\x7f", ["backspace", "backspace", "backspace"]],
    ["BS byte (Backspace on some terminals)", "a\b", ["a", "backspace"]],
    ["Delete (forward)", "\x1b[3~", ["delete"]],
    ["CSI arrows", "\x1b[A\x1b[B\x1b[C\x1b[D", ["up", "down", "right", "left"]],
    ["SS3 arrows (application mode)", "\x1bOA\x1bOD", ["up", "left"]],
    ["Home/End in their variants", "\x1b[H\x1b[F\x1b[1~\x1b[4~\x1bOH\x1bOF\x1b[7~\x1b[8~", ["home", "end", "home", "end", "home", "end", "home", "end"]],
    ["F1 (SS3, CSI, Linux console)", "\x1bOP\x1b[11~\x1b[[A", ["f1", "f1", "f1"]],
    ["Ctrl+letters", "\x01\x05\x15\x0b\x17\x03", ["ctrl+a", "ctrl+e", "ctrl+u", "ctrl+k", "ctrl+w", "ctrl+c"]],
    ["Alt+letter is ESC + letter in one read", "\x1bb\x1bf", ["alt+b", "alt+f"]],
    ["Alt+Backspace", "\x1b\x7f", ["alt+backspace"]],
    ["Alt+arrows (xterm modifiers)", "\x1b[1;3D\x1b[1;3C", ["alt+left", "alt+right"]],
    ["Alt+arrows (ESC ESC [)", "\x1b\x1b[D", ["alt+left"]],
    ["Ctrl+arrows", "\x1b[1;5D", ["ctrl+left"]],
    ["text around keys", "a\x1b[Cb\x7fc", ["a", "right", "b", "backspace", "c"]],
    ["space", " ", [" "]],
    ["unknown CSI is one key, not text", "\x1b[?1;2c", ["unknown"]],
    ["focus report is one key", "\x1b[I", ["unknown"]],
    ["C1 control", "\u0085", ["unknown"]],
    ["non-ASCII and astral characters", "é😀", ["é", "😀"]],
  ])("%s", (_what, input, expected) => {
    expect(labels(input)).toEqual(expected);
  });

  it("bracketed paste is one key whose text has no control characters", () => {
    const { keys } = tokenize("x\x1b[200~C:\\a b\r\n\x7f\x1b[201~\r");
    expect(keys.map(keyLabel)).toEqual(["x", "paste", "enter"]);
    expect(keys[1]!.text).toBe("C:\\a b");
  });

  it("only printable characters carry text", () => {
    for (const k of tokenize("a\t\r\x7f\x1bb\x01\x1b[A").keys) expect(k.text === undefined, k.sequence).toBe(k.sequence !== "a");
    expect(printable("a\x1b[2J\x00b\u009b")).toBe("a[2Jb");
  });

  it("an unfinished sequence waits for the next read; `final` reads it as it stands", () => {
    expect(tokenize("ab\x1b")).toMatchObject({ rest: "\x1b" });
    expect(tokenize("\x1b[1;")).toMatchObject({ keys: [], rest: "\x1b[1;" });
    expect(tokenize("\x1b[200~half")).toMatchObject({ keys: [], rest: "\x1b[200~half" });
    expect(labels("\x1b", true)).toEqual(["escape"]);
    expect(labels("\x1b[", true)).toEqual(["escape", "["]);
    expect(tokenize("\x1b\x1b", true).keys.map((k) => k.name)).toEqual(["escape"]);
  });
});

describe("key reader (between reads)", () => {
  it("joins a sequence split over two reads", () => {
    const r = createKeyReader();
    expect(r.push("a\x1b")).toHaveLength(1);
    expect(r.pending()).toBe("escape");
    expect(r.push("[D").map(keyLabel)).toEqual(["left"]);
    expect(r.pending()).toBeUndefined();
  });

  it("a lone Esc comes out when the time is up (the stream's timer calls flush)", () => {
    const r = createKeyReader();
    expect(r.push("\x1b")).toEqual([]);
    expect(r.flush().map(keyLabel)).toEqual(["escape"]);
    expect(r.flush()).toEqual([]);
  });

  it("a paste may come in several reads", () => {
    const r = createKeyReader();
    expect(r.push("\x1b[200~abc")).toEqual([]);
    expect(r.pending()).toBe("paste");
    const keys = r.push("def\x1b[201~g");
    expect(keys.map(keyLabel)).toEqual(["paste", "g"]);
    expect(keys[0]!.text).toBe("abcdef");
  });
});
