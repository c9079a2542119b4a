import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isIbiError } from "../errors.js";
import { ensurePrivateDir, readFileIfExists, writeFileAtomic } from "./fs-atomic.js";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-fs-atomic-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o7777;

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("ensurePrivateDir", () => {
  it("creates missing parents with mode 0700", async () => {
    const dir = path.join(tmp, "a", "b", "c");
    await ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(tmp, "a"))).toBe(0o700);
  });

  it("tightens an existing directory of ours to 0700 and keeps its files", async () => {
    const dir = path.join(tmp, "loose");
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, "keep"), "x");
    await ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
    expect(fs.readFileSync(path.join(dir, "keep"), "utf8")).toBe("x");
  });

  it("leaves a shared sticky directory such as /tmp alone", async () => {
    const dir = path.join(tmp, "sticky");
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o1777);
    await ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o1777);
  });

  it("fails with home_not_writable naming the path when a parent is a regular file", async () => {
    const file = path.join(tmp, "plain-file");
    fs.writeFileSync(file, "x");
    const dir = path.join(file, "sub");
    const e = await caught(ensurePrivateDir(dir));
    expect(isIbiError(e)).toBe(true);
    expect((e as { code: string }).code).toBe("home_not_writable");
    expect((e as Error).message).toContain(dir);
    expect((e as { exitCode: number }).exitCode).toBe(2);
  });

  it("fails when the path itself is a regular file", async () => {
    const file = path.join(tmp, "file-not-dir");
    fs.writeFileSync(file, "x");
    const e = await caught(ensurePrivateDir(file));
    expect((e as { code: string }).code).toBe("home_not_writable");
  });
});

describe("writeFileAtomic", () => {
  it("writes a new file with mode 0600 and leaves no temporary file", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "w-"));
    const file = path.join(dir, "config.json");
    await writeFileAtomic(file, '{"a":1}');
    expect(fs.readFileSync(file, "utf8")).toBe('{"a":1}');
    expect(mode(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["config.json"]);
  });

  it("replaces an existing file (Buffer data) and the result is 0600 even if the old one was not", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "w-"));
    const file = path.join(dir, "data.bin");
    fs.writeFileSync(file, "old", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await writeFileAtomic(file, bytes);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["data.bin"]);
  });

  it("removes its temporary file when the final rename fails and reports the path", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "w-"));
    const target = path.join(dir, "occupied");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "inside"), "x"); // a non-empty directory cannot be renamed over
    const e = await caught(writeFileAtomic(target, "new"));
    expect(isIbiError(e)).toBe(true);
    expect(["home_not_writable", "write_failed"]).toContain((e as { code: string }).code);
    expect((e as Error).message).toContain(target);
    expect(fs.readdirSync(dir)).toEqual(["occupied"]);
    expect(fs.readdirSync(target)).toEqual(["inside"]);
  });

  it("fails with home_not_writable when the parent is a regular file (works even as root)", async () => {
    const file = path.join(tmp, "parent-is-file");
    fs.writeFileSync(file, "x");
    const target = path.join(file, "config.json");
    const e = await caught(writeFileAtomic(target, "data"));
    expect((e as { code: string }).code).toBe("home_not_writable");
    expect((e as Error).message).toContain(target);
    expect(fs.readFileSync(file, "utf8")).toBe("x");
  });

  it("leaves either the old or the new content when the writer is killed at any moment", async () => {
    // Bundle the real module so a plain node child can run it, then SIGKILL the child mid-loop many times.
    const here = path.dirname(fileURLToPath(import.meta.url));
    const bundle = path.join(tmp, "fs-atomic.bundle.mjs");
    buildSync({ entryPoints: [path.join(here, "fs-atomic.ts")], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "silent" });
    const dir = fs.mkdtempSync(path.join(tmp, "kill-"));
    const file = path.join(dir, "target");
    const size = 2 * 1024 * 1024;
    fs.writeFileSync(file, "a".repeat(size));
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(bundle)});
      const a = "a".repeat(${size}), b = "b".repeat(${size});
      process.stdout.write("ready\\n");
      for (let i = 0; ; i++) await writeFileAtomic(${JSON.stringify(file)}, i % 2 ? a : b);
    `;
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 150)));
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      const content = fs.readFileSync(file, "latin1");
      expect(content.length).toBe(size);
      expect(content === "a".repeat(size) || content === "b".repeat(size)).toBe(true);
    }
  });
});

describe("readFileIfExists", () => {
  it("returns the bytes of an existing file", async () => {
    const file = path.join(tmp, "r.txt");
    fs.writeFileSync(file, "hello");
    expect((await readFileIfExists(file))?.toString()).toBe("hello");
  });

  it("returns undefined for a missing file or a missing parent", async () => {
    expect(await readFileIfExists(path.join(tmp, "missing"))).toBeUndefined();
    expect(await readFileIfExists(path.join(tmp, "no", "such", "file"))).toBeUndefined();
  });

  it("throws read_failed naming the path when it is a directory", async () => {
    const e = await caught(readFileIfExists(tmp));
    expect((e as { code: string }).code).toBe("read_failed");
    expect((e as Error).message).toContain(tmp);
  });
});
