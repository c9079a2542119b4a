// Escape sequences and capability checks for the full-screen dashboard. Pure: callers decide where to write.

export const ALT_SCREEN_ON = "\x1b[?1049h";
/** Leave the alternate screen and show the cursor again (Ink hides it while running). */
export const ALT_SCREEN_OFF = "\x1b[?25h\x1b[?1049l";

export interface TerminalCaps {
  /** colours add emphasis only; every meaning is also carried by a symbol or a word */
  color: boolean;
  /** plain ASCII symbols and borders (TERM=dumb) */
  ascii: boolean;
  /** switch to the alternate screen (not on a dumb terminal, which would print the escape) */
  altScreen: boolean;
}

export function terminalCaps(env: NodeJS.ProcessEnv): TerminalCaps {
  const dumb = env.TERM === "dumb";
  // https://no-color.org: any non-empty value disables colour.
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return { color: !dumb && !noColor, ascii: dumb, altScreen: !dumb };
}
