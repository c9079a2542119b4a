// Output paths and input files an admin may get wrong: `--out` writes only regular files (never through a link, over
// a device, a FIFO or a directory), and inputs are bounded (a device, a FIFO without a writer, a huge file) — each
// refused at once with exit 2 and one line naming what the path is, nothing changed.
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUsageError, removeDir, runCli, snapshot, tempDir, type CliResult } from "./cli.test-support.js";

const PASS = "correct horse battery staple";
const asRoot = process.getuid?.() === 0;

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

describe("paths and inputs that are not what they seem", () => {
  let home: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let tp: string;

  beforeAll(async () => {
    home = tempDir();
    work = tempDir("ibi-entra-paths-");
    env = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: PASS, IBI_ENTRA_PFX_PASSWORD: "pfx-password" };
    tp = JSON.parse(ok(await runCli(["cert", "generate", "--json"], { env })).stdout).thumbprintSha1;
  });
  afterAll(() => {
    removeDir(home);
    removeDir(work);
  });

  it("refuses to export onto a directory, a FIFO, a symbolic link or a device, even with --force", async () => {
    const dir = join(work, "a-dir");
    mkdirSync(dir);
    const fifo = join(work, "a-fifo");
    execFileSync("mkfifo", [fifo]);
    const target = join(work, "link-target.txt");
    writeFileSync(target, "keep me");
    const link = join(work, "a-link.cer");
    symlinkSync(target, link);
    const cases: [string, RegExp][] = [
      [dir, /is a directory; nothing was written/],
      [fifo, /is a named pipe \(FIFO\); nothing was written/],
      [link, /is a symbolic link; nothing was written/],
    ];
    if (asRoot) {
      const dev = join(work, "a-device");
      execFileSync("mknod", [dev, "c", "1", "7"]); // what /dev/full is
      cases.push([dev, /is a device; nothing was written/]);
    }
    for (const [out, message] of cases) {
      for (const extra of [[], ["--force"], ["--pfx"], ["--pfx", "--force"]]) {
        const before = snapshot(home);
        const r = await runCli(["cert", "export", tp, "--out", out, ...extra], { env });
        expectUsageError(r, message);
        expect(snapshot(home)).toEqual(before);
      }
    }
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("keep me");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    if (asRoot) expect(statSync(join(work, "a-device")).isCharacterDevice()).toBe(true);
  });

  it("--force replaces a regular file, atomically, with a temporary file beside it", async () => {
    const out = join(work, "existing.pem");
    writeFileSync(out, "old");
    expectUsageError(await runCli(["cert", "export", tp, "--out", out], { env }), /exists already/);
    expect(readFileSync(out, "utf8")).toBe("old");
    ok(await runCli(["cert", "export", tp, "--out", out, "--force"], { env }));
    expect(readFileSync(out, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it("refuses /dev/zero, a FIFO without a writer and a file over 1 MiB as import input, at once", async () => {
    const fifo = join(work, "import-fifo");
    execFileSync("mkfifo", [fifo]);
    const big = join(work, "big.pfx");
    writeFileSync(big, "");
    truncateSync(big, 2 * 1024 * 1024);
    const cases: [string, RegExp][] = [
      ["/dev/zero", /cannot read \/dev\/zero: it is a device, not a file/],
      [fifo, /it is a named pipe \(FIFO\), not a file/],
      [big, /larger than 1 MiB/],
      [work, /it is a directory/],
    ];
    for (const [file, message] of cases) {
      const before = snapshot(home);
      // A hang would be killed by the timeout and fail the exit-code check.
      const r = await runCli(["cert", "import", file], { env, timeoutMs: 20_000 });
      expectUsageError(r, message);
      expect(snapshot(home)).toEqual(before);
    }
  });

  it("refuses a passphrase file that is huge or not a regular file, naming the variable", async () => {
    const huge = join(work, "passphrase-huge");
    writeFileSync(huge, "");
    truncateSync(huge, 100 * 1024 * 1024);
    const fifo = join(work, "passphrase-fifo");
    execFileSync("mkfifo", [fifo]);
    const fileEnv = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file" };
    for (const [file, message] of [
      [huge, /IBI_ENTRA_VAULT_PASSPHRASE_FILE names .* larger than 4096 bytes/],
      [fifo, /IBI_ENTRA_VAULT_PASSPHRASE_FILE names .* cannot be read \(it is not a regular file\)/],
      [join(work, "missing"), /IBI_ENTRA_VAULT_PASSPHRASE_FILE names .* cannot be read \(ENOENT\)/],
    ] as const) {
      const r = await runCli(["cert", "export", tp, "--pfx", "--out", join(work, "x.pfx")], { env: { ...fileEnv, IBI_ENTRA_PFX_PASSWORD: "pfx-password", IBI_ENTRA_VAULT_PASSPHRASE_FILE: file }, timeoutMs: 20_000 });
      expectUsageError(r, message);
    }
  });
});
