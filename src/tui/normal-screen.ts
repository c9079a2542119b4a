// Leaving the alternate screen for a while (to print a PEM the admin selects with the terminal's own mouse
// selection and scrollback, also over SSH) while Ink keeps running: Ink writes through a gate that drops its
// frames until the dashboard is back. Ink then redraws in full, because the screen that asked closes a dialog.
import type { NormalScreen } from "./state/use-dashboard.js";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON } from "./terminal.js";

const HIDE_CURSOR = "\x1b[?25l";
const CLEAR_HOME = "\x1b[2J\x1b[H";

export interface GatedScreen extends NormalScreen {
  /** what Ink gets as stdout: the terminal, with writes dropped while the normal screen is shown */
  stdout: NodeJS.WriteStream;
  /** true while the text is on the normal screen */
  away(): boolean;
}

/** `altScreen`: whether the dashboard runs on the alternate screen at all (not on a dumb terminal). */
export function gatedScreen(stdout: NodeJS.WriteStream, altScreen: boolean): GatedScreen {
  let away = false;
  const write = (...args: Parameters<NodeJS.WriteStream["write"]>): boolean => {
    if (away) {
      // Ink's callback (if any) still runs: nothing waits on a write that was dropped on purpose.
      const cb = args.find((a) => typeof a === "function") as ((err?: Error | null) => void) | undefined;
      cb?.();
      return true;
    }
    return (stdout.write as (...a: unknown[]) => boolean)(...args);
  };
  const gated = new Proxy(stdout, {
    get(target, prop) {
      if (prop === "write") return write;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    stdout: gated,
    away: () => away,
    print(text) {
      if (!away) {
        away = true;
        // ALT_SCREEN_OFF shows the cursor again (Ink hides it); a dumb terminal has no escapes, only a new line
        stdout.write(altScreen ? ALT_SCREEN_OFF : "\n");
      }
      // \r\n: a line starts at the left edge whatever the terminal's output settings
      stdout.write(text.replace(/\r?\n/g, "\r\n"));
    },
    back() {
      if (!away) return;
      away = false;
      // Ink erases its last frame's lines from the cursor up before the next frame: start from a clean screen.
      stdout.write(altScreen ? `${ALT_SCREEN_ON}${CLEAR_HOME}${HIDE_CURSOR}` : "\n");
    },
  };
}
