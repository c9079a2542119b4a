// Text made safe and useful for a terminal, the same for the CLI and the dashboard.
import { stripVTControlCharacters } from "node:util";
import { stripControl } from "../core/text.js";

/** OSC 52: asks the admin's terminal (even over SSH) to put `text` on its local clipboard. */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`;
}

/** Text from the network or from files, made safe to draw: no escape sequences, no control characters. */
export function clean(text: string, max = 2000): string {
  return stripControl(stripVTControlCharacters(text), max);
}
