// Shared by the component and screen tests: real key codes as a terminal sends them, and a pause so Ink's
// input parser and React's state updates settle between writes.
import { stripVTControlCharacters } from "node:util";

export const KEY = {
  tab: "\t",
  shiftTab: "\x1b[Z",
  enter: "\r",
  esc: "\x1b",
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  backspace: "\x7f",
  ctrlC: "\x03",
} as const;

export const tick = (ms = 30) => new Promise<void>((r) => setTimeout(r, ms));

interface WritableStdin {
  write(data: string): void;
}

interface Rendered {
  stdin: WritableStdin;
  frames: string[];
}

/**
 * Writes each key with a pause after it (a lone ESC is only recognised after a short wait). Pass the render
 * result instead of stdin to also wait for the frame the key causes (up to `maxWait` ms; some keys change
 * nothing), so a handler never sees the state from before the previous key.
 */
export async function press(target: WritableStdin | Rendered, ...keys: string[]): Promise<void> {
  const r = "frames" in target ? target : undefined;
  const stdin = r ? r.stdin : (target as WritableStdin);
  await tick(10);
  for (const k of keys) {
    const before = r?.frames.length ?? 0;
    stdin.write(k);
    // a lone ESC counts as Esc after ESC_TIMEOUT_MS (50 ms) without more bytes
    await tick(k === KEY.esc ? 120 : 30);
    if (r) {
      const end = Date.now() + 300;
      while (r.frames.length === before && Date.now() < end) await tick(5);
      await tick(5);
    }
  }
}

/** Polls until `ok` holds: the keys of one write are delivered one per turn of the event loop (use-key-stream.ts). */
export async function until(ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error("timed out waiting for the keys to be handled");
    await tick(5);
  }
}

/** Pastes text as one chunk (what a terminal delivers for a paste or a fast burst). */
export async function paste(stdin: WritableStdin, text: string): Promise<void> {
  await tick(10);
  stdin.write(text);
  await tick();
}

/**
 * Types text one character at a time, like a person (so inline validation runs on each keystroke), waiting
 * for the frame each key causes (keys of one write are handled too, see the burst tests; this paces a
 * person's typing so that what each key shows can be checked).
 */
export async function typeText(r: Rendered, text: string): Promise<void> {
  await tick(10);
  for (const ch of text) {
    const before = r.frames.length;
    r.stdin.write(ch);
    const end = Date.now() + 2000;
    while (r.frames.length === before && Date.now() < end) await tick(2);
    await tick(3);
  }
  await tick();
}

export function plain(frame: string | undefined): string {
  return stripVTControlCharacters(frame ?? "");
}

/** Polls until the frame satisfies `ok` (async work such as key generation finishes in its own time). */
export async function waitForFrame(lastFrame: () => string | undefined, ok: (f: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const f = plain(lastFrame());
    if (ok(f)) return f;
    if (Date.now() > end) throw new Error(`timed out waiting for the frame; last frame:\n${f}`);
    await tick(25);
  }
}

/** Frame text without dialog borders, line breaks and spaces: a long path wraps inside a dialog (a long TMPDIR). */
export function unwrapped(text: string): string {
  return text.replace(/[│\n]/g, "").replace(/\s+/g, "");
}

/** Whether the frame shows `text`, however the dialog wrapped it. */
export function showsUnwrapped(frame: string, text: string): boolean {
  return unwrapped(frame).includes(unwrapped(text));
}
