// One-line editing as a pure step: (value, cursor) + key → (value, cursor). The text field applies each key of
// a burst to the result of the key before it (never to the last rendered value), so no key is lost.
// Keys as readline has them: ←/→, Home/End, Ctrl+A/E, Backspace, Delete, Ctrl+U/K, Ctrl+W (back to a space),
// Alt+Backspace and Alt+←/→, Ctrl+←/→, Alt+B/F (by word: letters and digits). No React here.
import { printable, type Key } from "./keys.js";

export interface LineState {
  value: string;
  /** in characters (code points) from the start */
  cursor: number;
}

export interface LineStep {
  state: LineState;
  /** false: not an editing key (Enter, Tab, Esc, ↑/↓, F1…), for the caller to handle */
  handled: boolean;
}

/** The cursor at the end of `value` (where a pre-filled value is edited from). */
export const lineAtEnd = (value: string): LineState => ({ value, cursor: Array.from(value).length });

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);

/** Where a word starts left of `at` (letters and digits; what lies between words is skipped first). */
function wordLeft(chars: string[], at: number): number {
  let i = at;
  while (i > 0 && !isWordChar(chars[i - 1])) i--;
  while (i > 0 && isWordChar(chars[i - 1])) i--;
  return i;
}

function wordRight(chars: string[], at: number): number {
  let i = at;
  while (i < chars.length && !isWordChar(chars[i])) i++;
  while (i < chars.length && isWordChar(chars[i])) i++;
  return i;
}

/** Ctrl+W: back to the previous space (a whole path), as in a shell. */
function spaceWordLeft(chars: string[], at: number): number {
  let i = at;
  while (i > 0 && isSpace(chars[i - 1])) i--;
  while (i > 0 && !isSpace(chars[i - 1])) i--;
  return i;
}

export function editLine(s: LineState, k: Key): LineStep {
  const chars = Array.from(s.value);
  const at = Math.max(0, Math.min(s.cursor, chars.length));
  const done = (next: string[], cursor: number): LineStep => ({ state: { value: next.join(""), cursor }, handled: true });
  const move = (cursor: number) => done(chars, cursor);
  const cut = (from: number, to: number) => done([...chars.slice(0, from), ...chars.slice(to)], from);

  if (k.text !== undefined && !k.ctrl && !k.alt) {
    const add = Array.from(printable(k.text));
    return done([...chars.slice(0, at), ...add, ...chars.slice(at)], at + add.length);
  }
  if (k.ctrl && !k.alt) {
    switch (k.name) {
      case "a":
        return move(0);
      case "e":
        return move(chars.length);
      case "b":
        return move(Math.max(0, at - 1));
      case "f":
        return move(Math.min(chars.length, at + 1));
      case "u":
        return cut(0, at);
      case "k":
        return cut(at, chars.length);
      case "w":
        return cut(spaceWordLeft(chars, at), at);
      case "h": // some terminals send Ctrl+H (BS) for Backspace; keys.ts names \b "backspace" already
        return cut(Math.max(0, at - 1), at);
      case "d":
        return cut(at, Math.min(chars.length, at + 1));
      case "left":
        return move(wordLeft(chars, at));
      case "right":
        return move(wordRight(chars, at));
      case "backspace":
        return cut(wordLeft(chars, at), at);
      case "delete":
        return cut(at, wordRight(chars, at));
    }
  }
  if (k.alt) {
    switch (k.name) {
      case "b":
      case "left":
        return move(wordLeft(chars, at));
      case "f":
      case "right":
        return move(wordRight(chars, at));
      case "backspace":
        return cut(wordLeft(chars, at), at);
      case "d":
      case "delete":
        return cut(at, wordRight(chars, at));
    }
  }
  if (!k.ctrl && !k.alt) {
    switch (k.name) {
      case "left":
        return move(Math.max(0, at - 1));
      case "right":
        return move(Math.min(chars.length, at + 1));
      case "home":
        return move(0);
      case "end":
        return move(chars.length);
      case "backspace":
        return cut(Math.max(0, at - 1), at);
      case "delete":
        return cut(at, Math.min(chars.length, at + 1));
    }
  }
  // Other keys: Enter, Tab, Esc, ↑/↓, function keys, other control keys — never inserted.
  return { state: { value: s.value, cursor: at }, handled: false };
}
