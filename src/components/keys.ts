// Splits what the terminal sent into keys, in order. One read can hold many keys (a fast typist over SSH, a
// held Backspace, a paste, "GUID⏎"): each must be handled on its own, so nothing here treats a read as a key.
// Pure (no React, no terminal): src/components/use-key-stream.ts feeds it and delivers the keys.

/** One key. `text` is set only for what a text field may insert: a printable character or pasted text. */
export interface Key {
  /**
   * A printable character itself ("a", "?"; text holds it too; " " is "space"), "paste" (text holds it, control
   * characters removed), or a named key: "enter",
   * "tab", "backspace", "delete", "escape", "up", "down", "left", "right", "home", "end", "pageup",
   * "pagedown", "insert", "f1"…"f12", a letter with ctrl ("a"…"z"), a character with alt, or "unknown".
   */
  name: string;
  text?: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** the bytes it came from */
  sequence: string;
}

const ESC = "\x1b";
const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text a field may take: no control characters (a pasted line break or DEL is never inserted). */
export function printable(text: string): string {
  return text.replace(CONTROL, "");
}

function key(name: string, sequence: string, mods: Partial<Pick<Key, "ctrl" | "alt" | "shift" | "text">> = {}): Key {
  return { name, ctrl: false, alt: false, shift: false, ...mods, sequence };
}

// CSI final byte (with "1;m" modifiers) → name; ESC [ n ~ → name.
const CSI_FINAL: Record<string, string> = { A: "up", B: "down", C: "right", D: "left", H: "home", F: "end", P: "f1", Q: "f2", R: "f3", S: "f4", Z: "tab" };
const CSI_TILDE: Record<string, string> = {
  "1": "home",
  "2": "insert",
  "3": "delete",
  "4": "end",
  "5": "pageup",
  "6": "pagedown",
  "7": "home",
  "8": "end",
  "11": "f1",
  "12": "f2",
  "13": "f3",
  "14": "f4",
  "15": "f5",
  "17": "f6",
  "18": "f7",
  "19": "f8",
  "20": "f9",
  "21": "f10",
  "23": "f11",
  "24": "f12",
};
// xterm modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4)
function modifiers(param: string | undefined): Pick<Key, "ctrl" | "alt" | "shift"> {
  const m = Math.max(0, Number(param ?? "1") - 1);
  return { shift: (m & 1) !== 0, alt: (m & 2) !== 0, ctrl: (m & 4) !== 0 };
}

/** A CSI sequence (ESC [ params final) as a key. */
function csiKey(seq: string): Key {
  const body = seq.slice(2);
  // Linux console F1–F5: ESC [ [ A…E
  if (body.startsWith("[")) return key(`f${body.charCodeAt(1) - 64}`, seq);
  const final = body.at(-1)!;
  const params = body.slice(0, -1).split(";");
  if (final === "~") {
    const name = CSI_TILDE[params[0]!];
    return name ? key(name, seq, modifiers(params[1])) : key("unknown", seq);
  }
  if (final === "Z") return key("tab", seq, { shift: true });
  const name = CSI_FINAL[final];
  if (!name || /[<=>?]/.test(body)) return key("unknown", seq);
  return key(name, seq, modifiers(params[1]));
}

/** A single byte below 0x20, DEL, or a character. */
function plainKey(ch: string): Key {
  if (ch === "\r" || ch === "\n") return key("enter", ch);
  if (ch === "\t") return key("tab", ch);
  if (ch === "\x7f" || ch === "\b") return key("backspace", ch);
  if (ch === ESC) return key("escape", ch);
  const code = ch.codePointAt(0)!;
  if (code === 0) return key("space", ch, { ctrl: true });
  if (code < 0x20) return key(String.fromCharCode(code + 0x60), ch, { ctrl: true });
  if (code >= 0x80 && code <= 0x9f) return key("unknown", ch);
  return key(ch === " " ? "space" : ch, ch, { text: ch });
}

/** How long a sequence starting at `i` is; 0 while incomplete (more bytes may follow in the next read). */
function escapeLength(s: string, i: number): number {
  const next = s[i + 1];
  if (next === undefined) return 0;
  if (next === "[") {
    let j = i + 2;
    if (s[j] === "[") return j + 1 < s.length ? j + 2 - i : 0; // ESC [ [ A
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j + 1 - i;
      if (c < 0x20 || c > 0x3f) return j - i; // broken: stop before the stray byte
    }
    return 0;
  }
  if (next === "O") return i + 2 < s.length ? 3 : 0;
  return 2;
}

export interface Tokenized {
  keys: Key[];
  /** an unfinished escape sequence or paste at the end, to be completed by the next read */
  rest: string;
}

/**
 * Splits `input` into keys. An escape sequence or a bracketed paste cut off at the end is returned as `rest`;
 * with `final` (no more bytes came in time) it is read as it stands: a lone ESC is the Esc key.
 */
export function tokenize(input: string, final = false): Tokenized {
  const keys: Key[] = [];
  // index over code units, advanced by whole code points
  let i = 0;
  while (i < input.length) {
    if (input.startsWith(PASTE_START, i)) {
      const end = input.indexOf(PASTE_END, i + PASTE_START.length);
      if (end < 0 && !final) return { keys, rest: input.slice(i) };
      const stop = end < 0 ? input.length : end;
      const text = input.slice(i + PASTE_START.length, stop);
      const seq = input.slice(i, end < 0 ? stop : stop + PASTE_END.length);
      keys.push(key("paste", seq, { text: printable(text) }));
      i = end < 0 ? stop : stop + PASTE_END.length;
      continue;
    }
    const ch = String.fromCodePoint(input.codePointAt(i)!);
    if (ch !== ESC) {
      keys.push(plainKey(ch));
      i += ch.length;
      continue;
    }
    // ESC ESC [ … (some terminals send Alt+arrow so): the inner sequence with alt
    if (input[i + 1] === ESC && (input[i + 2] === "[" || input[i + 2] === "O")) {
      const n = escapeLength(input, i + 1);
      if (n === 0 && !final) return { keys, rest: input.slice(i) };
      if (n > 0) {
        const inner = escapeKey(input.slice(i + 1, i + 1 + n));
        keys.push({ ...inner, alt: true, sequence: input.slice(i, i + 1 + n) });
        i += 1 + n;
        continue;
      }
    }
    const n = escapeLength(input, i);
    if (n === 0) {
      if (!final) return { keys, rest: input.slice(i) };
      // nothing complete followed in time: Esc, then whatever came after it as keys of their own
      keys.push(key("escape", ESC));
      i += 1;
      continue;
    }
    keys.push(escapeKey(input.slice(i, i + n)));
    i += n;
  }
  return { keys, rest: "" };
}

/** ESC + something complete: CSI, SS3, or Alt + one key. */
function escapeKey(seq: string): Key {
  if (seq[1] === "[") return csiKey(seq);
  if (seq[1] === "O") {
    const name = CSI_FINAL[seq[2]!];
    return name ? key(name, seq) : key("unknown", seq);
  }
  const inner = plainKey(seq.slice(1));
  if (inner.name === "escape") return key("escape", seq, { alt: true });
  return { ...inner, text: undefined, alt: true, sequence: seq };
}

/** The reader a key stream keeps between reads: bytes of an unfinished sequence wait for the next read. */
export interface KeyReader {
  push(data: string): Key[];
  /** the time is up: read what waits as it stands */
  flush(): Key[];
  /** bytes wait (an ESC, a partial sequence, a paste still coming) */
  pending(): "escape" | "paste" | undefined;
}

export function createKeyReader(): KeyReader {
  let rest = "";
  return {
    push(data) {
      const r = tokenize(rest + data);
      rest = r.rest;
      return r.keys;
    },
    flush() {
      const r = tokenize(rest, true);
      rest = "";
      return r.keys;
    },
    pending() {
      if (!rest) return undefined;
      return rest.startsWith(PASTE_START) ? "paste" : "escape";
    },
  };
}

/** A short name for a key: "a", "ctrl+a", "alt+b", "shift+tab", "enter", "f1" (the keymap looks keys up by it). */
export function keyLabel(k: Key): string {
  if (k.name === "paste") return k.name;
  const mods = `${k.ctrl ? "ctrl+" : ""}${k.alt ? "alt+" : ""}${k.shift && k.name.length > 1 ? "shift+" : ""}`;
  return `${mods}${k.name === "space" && !k.ctrl && !k.alt ? " " : k.name}`;
}
