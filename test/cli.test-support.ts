// Runs the BUILT CLI (dist/main.js) as a real process, the way an admin or a script does.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI = resolve(import.meta.dirname, "../dist/main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; onStdout?: (all: string) => void } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
      opts.onStdout?.(stdout);
    });
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

export function tempDir(prefix = "ibi-entra-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file below dir with its SHA-256 and mode: compare before/after to prove nothing on disk changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out[p] = `${(s.mode & 0o777).toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`;
    }
  };
  walk(dir);
  return out;
}

export function filesBelow(dir: string): string[] {
  return Object.keys(snapshot(dir));
}

/** A user mistake: exit 2, one "ibi-entra: ..." line (plus at most a hint line), no stack trace. */
export function expectUsageError(r: CliResult, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split("\n");
  if (r.code !== 2) throw new Error(`expected exit 2, got ${r.code}; stderr: ${r.stderr}`);
  if (!lines[0]?.startsWith("ibi-entra: ")) throw new Error(`expected "ibi-entra: ..." first line, got: ${r.stderr}`);
  if (lines.length > 2 || (lines[1] !== undefined && !lines[1].startsWith("  hint: "))) throw new Error(`expected one line plus hint, got: ${r.stderr}`);
  if (/\n\s+at /.test(r.stderr)) throw new Error(`stack trace printed: ${r.stderr}`);
  if (!pattern.test(lines[0])) throw new Error(`expected ${pattern}, got: ${lines[0]}`);
}
