// One lock per profile around every read-modify-write of its files (certificate index, settings, vault, keychain
// index), so that two processes at once (a timer's rotation while the dashboard saves, two `config set`) never lose
// an update. A lock file created atomically (link) that names its holder: a holder whose process is gone is detected at once (no
// waiting for a timeout), and a live one is waited for, boundedly, then named in the error.
import { randomBytes } from "node:crypto";
import { link, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { IbiError } from "../errors.js";

export const LOCK_FILE = "lock";

export interface LockHolder {
  pid: number;
  host: string;
  /** what the holder is doing, e.g. "cert generate" */
  purpose: string;
  since: string;
}

export interface LockOptions {
  /** what this process is doing, recorded for the one that waits */
  purpose: string;
  /** how long to wait for a live holder before giving up (default 15 s) */
  timeoutMs?: number;
}

const POLL_MS = 25;
const POLL_MAX_MS = 200;

/** Holds the profile's lock while `fn` runs (not re-entrant: `fn` must not take it again). */
export async function withProfileLock<T>(dir: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  const release = await acquireProfileLock(dir, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}

export async function acquireProfileLock(dir: string, opts: LockOptions): Promise<() => Promise<void>> {
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), purpose: opts.purpose, since: new Date().toISOString() };
  const body = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let wait = POLL_MS;
  for (;;) {
    // The lock appears with its content in one step (written to a private file, then hard-linked into place, which
    // fails if a lock exists): a reader never sees an empty lock it could take for a crashed holder's.
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
    try {
      await writeFile(tmp, body, { mode: 0o600, flag: "wx" });
      await link(tmp, file);
      await sweepLeftovers(dir);
      return async () => {
        // Only our own lock is removed (a holder declared stale by mistake must not delete its successor's).
        const now = await readFile(file, "utf8").catch(() => undefined);
        if (now === body) await unlink(file).catch(() => undefined);
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new IbiError("profile_missing", `the profile folder ${dir} does not exist`, {
          hint: "it was removed while this command ran: run the command again",
        });
      if (code !== "EEXIST") throw lockError(e, file);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue; // released meanwhile
    const holder = parseHolder(text);
    if (!holder || isStale(holder)) {
      await breakStaleLock(file, text);
      continue;
    }
    if (Date.now() >= deadline)
      throw new IbiError(
        "profile_locked",
        `profile folder ${dir} is in use by process ${holder.pid}${holder.host === me.host ? "" : ` on ${holder.host}`} (${holder.purpose}, since ${holder.since})`,
        { hint: "wait for it to finish and try again; if that process is stuck, stop it (the lock is released when it exits)" },
      );
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(POLL_MAX_MS, wait * 2);
  }
}

/** Files a process killed while taking or breaking a lock left beside it (`lock.<pid>.<random>`, `lock.stale-<pid>-…`). */
async function sweepLeftovers(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^lock\.(?:stale-)?(\d+)[.-]/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === "number" && Number.isInteger(h.pid) && h.pid > 0 && typeof h.host === "string")
      return { pid: h.pid, host: h.host, purpose: String(h.purpose ?? "?"), since: String(h.since ?? "?") };
  } catch {
    // a lock file torn by a crash between create and write: stale
  }
  return undefined;
}

/** A holder on this host whose process is gone. A lock of another host (a shared home) is never broken. */
function isStale(h: LockHolder): boolean {
  if (h.host !== hostname()) return false;
  if (h.pid === process.pid) return false;
  return !alive(h.pid);
}

/**
 * Moves a stale lock aside, then makes sure it was the stale one that moved: when two processes break the same stale
 * lock, the second could otherwise move the lock the first has just taken. Putting it back with link() never
 * replaces a lock taken meanwhile.
 */
async function breakStaleLock(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(file, aside);
  } catch {
    return; // someone else moved or released it
  }
  const moved = await readFile(aside, "utf8").catch(() => undefined);
  if (moved !== undefined && moved !== staleText) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function lockError(e: unknown, file: string): IbiError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "EROFS" ? "the file system is read-only" : code === "EACCES" || code === "EPERM" ? "permission denied (the folder is read-only for this user)" : (code ?? String(e));
  // the profile replaces the hint with one naming where its folder comes from
  return new IbiError("home_not_writable", `cannot lock ${file}: ${why}`, { hint: "check the owner and mode of the profile folder", cause: e });
}
