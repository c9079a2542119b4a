// `ibi-entra` without a subcommand: the full-screen, keyboard-only dashboard mirroring the setup guide's
// "Azure Active Directory" pane. Runs on the alternate screen and restores the terminal however it ends.
import { appendFileSync } from "node:fs";
import { render } from "ink";
import { ThemeProvider, makeTheme } from "../components/Theme.js";
import { isIbiError } from "../core/errors.js";
import { resolveProfileLocation, type ProfileLocation } from "../core/store/profile.js";
import type { DashboardOptions } from "./state/use-dashboard.js";
import { startDashboard } from "./state/start.js";
import { DashboardApp } from "../screens/DashboardApp.js";
import { gatedScreen } from "./normal-screen.js";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON, terminalCaps } from "./terminal.js";

export interface RunDashboardOptions {
  profileName?: string;
  env?: NodeJS.ProcessEnv;
  demo?: boolean;
  /** the terminal; process.stdin/stdout/stderr unless given (the build's warm-up render gives in-memory ones) */
  streams?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
}

export const NO_TTY_MESSAGE = `ibi-entra: the dashboard needs an interactive terminal (stdin and stdout must be a TTY).
  hint: over SSH use "ssh -t"; in scripts use the subcommands instead:
    ibi-entra cert generate | list | export | import | activate | delete
    ibi-entra config set --tenant-id ... --application-id ...   (and: ibi-entra config show)
    ibi-entra check
  See: ibi-entra --help
`;

/** How long the first frame may wait for the profile's settings before "Opening the profile…" is drawn instead. */
const START_WAIT_MS = 100;

export async function runDashboard(opts: RunDashboardOptions = {}): Promise<number> {
  const { stdin, stdout, stderr } = opts.streams ?? process;
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(NO_TTY_MESSAGE);
    return 2;
  }
  let env = opts.env ?? process.env;
  const caps = terminalCaps(env);

  let location: ProfileLocation;
  // Ink draws through the gate, so that the dashboard can leave the alternate screen to print a PEM.
  const screen = gatedScreen(stdout, caps.altScreen);
  const options: DashboardOptions = { writeRaw: (data) => stdout.write(data), normalScreen: screen };
  let closeDemo: (() => Promise<void>) | undefined;
  try {
    if (opts.demo) {
      const { startDemo } = await import("./demo.js");
      const demo = await startDemo(env);
      env = demo.env;
      location = demo.location;
      options.demo = demo.actions;
      options.testConnection = demo.testConnection;
      options.register = demo.register;
      closeDemo = demo.close;
    } else {
      location = resolveProfileLocation(env, opts.profileName ?? "default");
    }
  } catch (e) {
    if (!isIbiError(e)) throw e;
    stderr.write(`ibi-entra: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ""}`);
    return e.exitCode;
  }

  const start = startDashboard(location, env);

  // Leave the alternate screen whatever happens: normal exit, a signal, or a crash.
  let restored = !caps.altScreen;
  // Ink writes its last frame when it unmounts (also from its own exit hook): unmount first, so that frame lands
  // on the alternate screen and not on the admin's shell after we have left it.
  let unmount: (() => void) | undefined;
  const restore = () => {
    if (restored) return;
    restored = true;
    // already on the normal screen (a PEM shown): leaving the alternate screen twice would move the cursor
    if (!screen.away()) stdout.write(ALT_SCREEN_OFF);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      unmount?.();
    } catch {
      // leaving the terminal usable matters more than a last frame
    }
    restore();
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGHUP" ? 1 : 15));
  };
  const onCrash = (e: unknown) => {
    try {
      unmount?.();
    } catch {
      // as above
    }
    restore();
    stderr.write(`ibi-entra: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  };
  process.on("exit", restore);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);

  const marker = env.IBI_ENTRA_FIRST_FRAME_MARKER;
  const frames = marker ? firstFrameRecorder(marker) : undefined;

  if (caps.altScreen) stdout.write(ALT_SCREEN_ON);
  // Draw once the settings are read (usually within a few ms), so that the first frame is complete; a slow
  // keychain or vault gets the "Opening the profile…" frame after a moment, as before.
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([start.ready, new Promise<void>((r) => (waited = setTimeout(r, START_WAIT_MS)))]);
  clearTimeout(waited);
  let code = 0;
  const app = render(
    <ThemeProvider theme={makeTheme(caps)}>
      <DashboardApp location={location} env={env} options={options} onFirstFrame={frames?.onFirstFrame} start={start} />
    </ThemeProvider>,
    { stdin, stdout: screen.stdout, stderr, exitOnCtrlC: false, patchConsole: true, onRender: frames?.onRender },
  );
  unmount = () => app.unmount();
  try {
    await app.waitUntilExit();
  } catch (e) {
    restore();
    stderr.write(`ibi-entra: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 1;
  } finally {
    restore();
    process.off("exit", restore);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(s, onSignal);
    await closeDemo?.().catch(() => undefined);
  }
  return code;
}

/**
 * IBI_ENTRA_FIRST_FRAME_MARKER (a benchmark aid): appends "first-frame <ms since process start>" once, for the
 * moment Ink drew the first complete frame. Ink draws at most every 34 ms, so the commit of that frame may be
 * drawn a little later: the time recorded is that of the first draw after the render that produced it.
 */
function firstFrameRecorder(marker: string): { onRender: () => void; onFirstFrame: (renderedAt: number) => void } {
  const draws: number[] = [];
  let waiting: ((drawnAt: number) => void) | undefined;
  const write = (drawnAt: number) => {
    try {
      appendFileSync(marker, `first-frame ${drawnAt.toFixed(1)}\n`);
    } catch {
      // a benchmark aid only; never break the dashboard for it
    }
  };
  return {
    onRender: () => {
      const now = performance.now();
      if (waiting) waiting(now);
      else if (draws.length < 100) draws.push(now);
    },
    onFirstFrame: (renderedAt) => {
      const drawn = draws.find((t) => t >= renderedAt);
      if (drawn !== undefined) return write(drawn);
      waiting = (drawnAt) => {
        waiting = undefined;
        write(drawnAt);
      };
    },
  };
}
