// Typing as a remote admin does, in a real terminal: the BUILT CLI in a private tmux server at 80x24 while a CPU
// hog runs on every core. One key per write at full speed, bursts in one write (ID + Enter, Tab Tab, 40
// Backspaces); the field's content and the focus must be exact every time. STRESS=1 repeats more.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const CLI = join(ROOT, "dist", "main.js");
const SOCKET = `ibi-entra-keys-${process.pid}`;
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const REPEAT = process.env.STRESS === "1" ? 50 : 10;
const TENANT = "8c3f2a1b-4d5e-4f60-9a7b-1c2d3e4f5a6b";
const APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

// The tmux server passes its environment to the session: without CI (Ink draws only the last frame in CI).
const tmuxEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CI" && k !== "CONTINUOUS_INTEGRATION"));
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", env: tmuxEnv });
const screen = () => tmux("capture-pane", "-p", "-t", "keys");
/** One write of these bytes to the terminal (tmux writes a send-keys' keys together). */
const bytes = (...hex: string[]) => tmux("send-keys", "-t", "keys", "-H", ...hex);
const text = (s: string) => tmux("send-keys", "-t", "keys", "-l", s);
const hex = (s: string) => Array.from(Buffer.from(s), (b) => b.toString(16).padStart(2, "0"));

async function waitFor(ok: (s: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < end) {
    last = screen();
    if (ok(last)) return last;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}; the screen shows:\n${last}`);
}

const line = (s: string, label: string) => s.split("\n").find((l) => l.includes(label)) ?? "";
/** the field's line is exactly this (focused or not), nothing lost or inserted; waits for it to settle */
const field = (label: string, value: string, focused: boolean) => (s: string) =>
  line(s, label).trimEnd() === `${focused ? "›" : " "} ${label.padEnd(16)}${value}`.trimEnd();

let hogs: ChildProcess[] = [];
let home: string;

describe.skipIf(!hasTmux && process.env.CI !== "true")("typing under load in tmux (built CLI, 80x24, CPU hog on every core)", () => {
  beforeAll(async () => {
    if (!existsSync(CLI)) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    home = mkdtempSync(join(tmpdir(), "ibi-entra-keys-"));
    const pass = ["PATH", "HOME", "LANG"].filter((k) => process.env[k]).flatMap((k) => ["-e", `${k}=${process.env[k]}`]);
    pass.push("-e", "TERM=xterm-256color", "-e", `IBI_ENTRA_HOME=${home}`, "-e", "IBI_ENTRA_SECRET_STORE=file", "-e", "IBI_ENTRA_VAULT_PASSPHRASE=keys-test-passphrase");
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "keys", ...pass, `${process.execPath} ${CLI}; echo "[exit $?]"; sleep 600`);
    await waitFor((s) => /› Tenant ID/.test(s), "the dashboard");
    hogs = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
  });

  afterAll(async () => {
    for (const h of hogs) if (h.pid) process.kill(h.pid, "SIGKILL");
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it(`one key per write at full speed, then bursts: ID⏎, Tab Tab, Shift+Tab ×3, 40 Backspaces (×${REPEAT})`, { timeout: REPEAT * 60_000 }, async () => {
    for (let i = 0; i < REPEAT; i++) {
      const at = `round ${i + 1}`;
      // one key per write, no waits (each send-keys is its own write)
      for (const ch of TENANT) text(ch);
      await waitFor(field("Tenant ID", TENANT, true), `${at}: Tenant ID typed key by key`);
      // 40 Backspaces in one write: the field is empty, no DEL inserted
      bytes(...Array.from({ length: 40 }, () => "7f"));
      await waitFor(field("Tenant ID", "", true), `${at}: Tenant ID cleared`);
      // ID + Enter + ID in one write: the Enter moves on, the rest goes to Application ID
      bytes(...hex(`${TENANT}\r${APP}`));
      let s = await waitFor(field("Application ID", APP, true), `${at}: Application ID after ID⏎ID`);
      expect(field("Tenant ID", TENANT, false)(s), `${at}\n${s}`).toBe(true);
      // Tab Tab in one write: Application ID → Cloud → Generate (no certificate: the list is skipped)
      bytes("09", "09");
      s = await waitFor((x) => x.includes("›[Generate]"), `${at}: two Tabs`);
      expect(s.match(/›/g), `${at}: one focus\n${s}`).toHaveLength(1);
      // back to Tenant ID in one write (Generate → Cloud → Application ID → Tenant ID)
      bytes(...hex("\x1b[Z\x1b[Z\x1b[Z"));
      await waitFor(field("Tenant ID", TENANT, true), `${at}: three Shift+Tabs`);
      // one write: clear Tenant ID, Tab, clear Application ID, Shift+Tab back to Tenant ID
      const bs40 = Array.from({ length: 40 }, () => "7f");
      bytes(...bs40, "09", ...bs40, ...hex("\x1b[Z"));
      await waitFor((x) => field("Tenant ID", "", true)(x) && field("Application ID", "(not set)", false)(x), `${at}: both cleared, back in Tenant ID`);
    }
  });
});
