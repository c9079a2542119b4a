// The package as an admin gets it: `npm pack` on a copy of the sources (no dist/, as in a fresh clone: prepack
// must build it), `npm install -g` of the tarball into an empty prefix, then the installed command runs:
// --version, cert generate and the --demo dashboard to its first frame (in tmux, a real terminal).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "./cli.test-support.js";

const ROOT = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const SOCKET = `ibi-entra-pkg-${process.pid}`;

let work: string;
let prefix: string;
let bin: string;
// The installed command finds node through PATH (#!/usr/bin/env node), like on an admin's machine.
const PATH = [dirname(process.execPath), process.env.PATH].join(delimiter);
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  // Ink draws only the last frame in CI; the demo's passphrase is its own.
  for (const v of ["CI", "CONTINUOUS_INTEGRATION", "IBI_ENTRA_VAULT_PASSPHRASE_FILE", "IBI_ENTRA_HOME"]) delete env[v];
  return env;
};

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, env: baseEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });
}

describe("the npm package", () => {
  beforeAll(async () => {
    work = tempDir("ibi-entra-pkg-");
    const src = join(work, "src-copy");
    // A copy without dist/ (what a clone has); node_modules is linked, not installed again.
    cpSync(ROOT, src, {
      recursive: true,
      filter: (from) => !/^(node_modules|dist|\.git)(\/|$)/.test(relative(ROOT, from)),
    });
    execFileSync("ln", ["-s", join(ROOT, "node_modules"), join(src, "node_modules")]);
    expect(existsSync(join(src, "dist"))).toBe(false);
    const packed = join(work, "packed");
    mkdirSync(packed);
    npm(["pack", "--pack-destination", packed], src);
    const [tarball] = readdirSync(packed);
    expect(tarball).toBe(`${pkg.name}-${pkg.version}.tgz`);
    prefix = join(work, "prefix");
    mkdirSync(prefix);
    npm(["install", "-g", "--prefix", prefix, "--prefer-offline", join(packed, tarball!)], work);
    bin = join(prefix, "bin", "ibi-entra");
  }, 300_000);

  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
    if (work) removeDir(work);
  });

  it("ships dist/ and README.md (no sources, no tests), with an executable bin", () => {
    const files = execFileSync("tar", ["-tzf", join(work, "packed", `${pkg.name}-${pkg.version}.tgz`)], { encoding: "utf8" }).trim().split("\n");
    expect(files).toContain("package/dist/main.js");
    expect(files).toContain("package/dist/dashboard.vm.js");
    expect(files).toContain("package/README.md");
    expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f) || f.endsWith(".ts"))).toEqual([]);
    const installed = join(prefix, "lib", "node_modules", pkg.name, "dist", "main.js");
    expect(readFileSync(installed, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(installed).mode & 0o111).toBe(0o111);
  });

  it("--version and cert generate run from the installed command", () => {
    expect(execFileSync(bin, ["--version"], { env: baseEnv(), encoding: "utf8" }).trim()).toBe(pkg.version);
    const home = join(work, "home");
    const env = { ...baseEnv(), IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "package-test-passphrase" };
    const r = spawnSync(bin, ["cert", "generate", "--json"], { env, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ active: true, thumbprintSha1: expect.stringMatching(/^[0-9A-F]{40}$/) });
    expect(existsSync(join(home, "default", "vault"))).toBe(true);
  });

  // Without tmux this part skips on a developer machine, but never in CI (.ci/run installs tmux).
  it.skipIf(!hasTmux && process.env.CI !== "true")("--demo draws its first frame", async () => {
    const marker = join(work, "first-frame");
    const env = { ...baseEnv(), TERM: "xterm-256color", IBI_ENTRA_FIRST_FRAME_MARKER: marker };
    const pass = Object.entries(env)
      .filter(([k]) => /^(IBI_ENTRA_FIRST_FRAME_MARKER|TERM|PATH|HOME|LANG|LC_ALL|NO_COLOR)$/.test(k))
      .flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const tmuxEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CI" && k !== "CONTINUOUS_INTEGRATION"));
    const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", env: tmuxEnv });
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "demo", ...pass, `${bin} --demo; echo "[exit $?]"; sleep 600`);
    const end = Date.now() + 45_000;
    let screen = "";
    while (Date.now() < end) {
      screen = tmux("capture-pane", "-p", "-t", "demo");
      if (existsSync(marker) && readFileSync(marker, "utf8").includes("first-frame") && screen.includes("Azure Active Directory")) break;
      await sleep(100);
    }
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "(no marker)").toMatch(/^first-frame \d+/);
    expect(screen).toContain("Azure Active Directory");
    tmux("send-keys", "-t", "demo", "C-c");
    const stop = Date.now() + 20_000;
    while (Date.now() < stop && !(screen = tmux("capture-pane", "-p", "-t", "demo")).includes("[exit ")) await sleep(100);
    expect(screen).toContain("[exit 0]");
  }, 90_000);
});
