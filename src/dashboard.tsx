// `ibi-entra` without a subcommand: the full-screen, keyboard-only dashboard mirroring the setup guide's
// "Azure Active Directory" pane. Runs on the alternate screen and restores the terminal however it ends.
import { appendFileSync } from "node:fs";
import { render } from "ink";
import { ThemeProvider, makeTheme } from "./components/Theme.js";
import { isIbiError } from "./core/errors.js";
import { resolveProfileLocation, type ProfileLocation } from "./core/profile.js";
import type { DashboardOptions } from "./hooks/use-dashboard.js";
import { DashboardApp } from "./screens/DashboardApp.js";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON, terminalCaps } from "./screens/terminal.js";

export interface RunDashboardOptions {
  profileName?: string;
  env?: NodeJS.ProcessEnv;
  demo?: boolean;
}

export const NO_TTY_MESSAGE = `ibi-entra: the dashboard needs an interactive terminal (stdin and stdout must be a TTY).
  hint: over SSH use "ssh -t"; in scripts use the subcommands instead:
    ibi-entra cert generate | list | export | import | activate | delete
    ibi-entra config set --tenant-id ... --application-id ...   (and: ibi-entra config show)
    ibi-entra check
  See: ibi-entra --help
`;

export async function runDashboard(opts: RunDashboardOptions = {}): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const stderr = process.stderr;
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(NO_TTY_MESSAGE);
    return 2;
  }
  let env = opts.env ?? process.env;
  const caps = terminalCaps(env);

  let location: ProfileLocation;
  const options: DashboardOptions = { writeRaw: (data) => stdout.write(data) };
  let closeDemo: (() => Promise<void>) | undefined;
  try {
    if (opts.demo) {
      const { startDemo } = await import("./screens/demo.js");
      const demo = await startDemo(env);
      env = demo.env;
      location = demo.location;
      options.demo = demo.actions;
      options.testConnection = demo.testConnection;
      closeDemo = demo.close;
    } else {
      location = resolveProfileLocation(env, opts.profileName ?? "default");
    }
  } catch (e) {
    if (!isIbiError(e)) throw e;
    stderr.write(`ibi-entra: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ""}`);
    return e.exitCode;
  }

  // Leave the alternate screen whatever happens: normal exit, a signal, or a crash.
  let restored = !caps.altScreen;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(ALT_SCREEN_OFF);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGHUP" ? 1 : 15));
  };
  const onCrash = (e: unknown) => {
    restore();
    stderr.write(`ibi-entra: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  };
  process.on("exit", restore);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);

  const marker = env.IBI_ENTRA_FIRST_FRAME_MARKER;
  const onFirstFrame = marker
    ? () => {
        try {
          appendFileSync(marker, `first-frame ${performance.now().toFixed(1)}\n`);
        } catch {
          // a benchmark aid only; never break the dashboard for it
        }
      }
    : undefined;

  if (caps.altScreen) stdout.write(ALT_SCREEN_ON);
  let code = 0;
  const app = render(
    <ThemeProvider theme={makeTheme(caps)}>
      <DashboardApp location={location} env={env} options={options} onFirstFrame={onFirstFrame} />
    </ThemeProvider>,
    { stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true },
  );
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
