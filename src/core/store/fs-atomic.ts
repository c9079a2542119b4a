// Crash-safe file writes for the profile, configuration and vault: a reader (or the next run after a kill or
// power loss) sees either the old file or the new one, never a torn mix.

import { randomBytes } from "node:crypto";
import { constants as fsConstants, type Stats } from "node:fs";
import { chmod, lstat, mkdir, open, readFile, rename, stat, unlink, access } from "node:fs/promises";
import path from "node:path";
import { ExitCode, IbiError } from "../errors.js";

// errno codes that mean "this location cannot be written", as opposed to a failing disk or a full file system.
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "ENOENT", "EEXIST", "EISDIR", "ELOOP", "ENAMETOOLONG"]);

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Why a write was refused, in words (the errno alone reads as jargon). */
function notWritableReason(errno: string | undefined): string {
  switch (errno) {
    case "EROFS":
      return "the file system is read-only";
    case "EACCES":
    case "EPERM":
      return "permission denied (the folder is read-only for this user)";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    default:
      return errno ?? "unknown error";
  }
}

function notWritable(target: string, e: unknown): IbiError {
  return new IbiError("home_not_writable", `cannot write to ${target}: ${notWritableReason(errnoOf(e))}`, {
    // neutral: the profile adds where its folder comes from (IBI_ENTRA_HOME, XDG_CONFIG_HOME or HOME)
    hint: "check that the folder exists, is a directory and is writable by this user",
    exitCode: ExitCode.usage,
    cause: e,
  });
}

function writeError(target: string, e: unknown): IbiError {
  const errno = errnoOf(e);
  if (errno === undefined || NOT_WRITABLE.has(errno)) return notWritable(target, e);
  return new IbiError("write_failed", `writing ${target} failed (${errno})`, {
    hint: "Check free disk space and the health of the file system, then try again; the previous file was kept.",
    exitCode: ExitCode.usage,
    cause: e,
  });
}

/**
 * mkdir -p with mode 0700. An existing directory owned by this user is tightened to 0700, except shared sticky
 * directories such as /tmp, which must keep their mode.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw notWritable(dir, e);
  }
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    const ours = typeof process.getuid !== "function" || st.uid === process.getuid();
    const sticky = (st.mode & 0o1000) !== 0;
    if (process.platform !== "win32" && ours && !sticky && (st.mode & 0o077) !== 0) await chmod(dir, 0o700);
    await access(dir, fsConstants.W_OK | fsConstants.X_OK);
  } catch (e) {
    throw notWritable(dir, e);
  }
}

/**
 * Writes through a temporary file in the same directory (0600, created exclusively), fsyncs it, renames it over
 * `file` and fsyncs the directory so the rename itself survives a crash. On failure the temporary file is removed
 * and the old `file`, if any, is left as it was.
 */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const fh = await open(tmp, "wx", 0o600);
    created = true;
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    created = false;
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw writeError(file, e);
  }
  await syncDir(dir);
}

// Makes the rename durable. Some platforms and file systems cannot fsync a directory (Windows, some network
// file systems); the data file itself is already synced, so those errors are not worth failing the write for.
async function syncDir(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  let fh;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch {
    // see above
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** The file's bytes, or undefined when it (or a parent directory) does not exist. */
export async function readFileIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === "ENOENT" || errno === "ENOTDIR") return undefined;
    throw new IbiError("read_failed", `cannot read ${file}${errno ? ` (${errno})` : ""}`, {
      hint: "Check that the path is a regular file readable by this user.",
      exitCode: ExitCode.usage,
      cause: e,
    });
  }
}

export interface ModeChange {
  /** "folder", or the file's name */
  name: string;
  from: number;
  to: number;
}

/**
 * Closes an existing profile folder (0700) and its files (0600) that others can read or write — a copy restored
 * with the wrong umask, a chmod by hand. Only what exists, is owned by this user and is a plain folder or file
 * (never through a symlink); nothing is created. Returns what changed, for a notice.
 */
export async function tightenModes(dir: string, files: readonly string[]): Promise<ModeChange[]> {
  if (process.platform === "win32" || typeof process.getuid !== "function") return [];
  const uid = process.getuid();
  const changed: ModeChange[] = [];
  const tighten = async (target: string, name: string, want: number, isKind: (st: Stats) => boolean) => {
    let st;
    try {
      st = await lstat(target);
    } catch {
      return; // missing (or unreadable: reading it later reports that)
    }
    if (!isKind(st) || st.uid !== uid || (st.mode & 0o077) === 0) return;
    const from = st.mode & 0o777;
    try {
      await chmod(target, want);
    } catch (e) {
      throw notWritable(target, e);
    }
    changed.push({ name, from, to: want });
  };
  // A shared sticky folder such as /tmp keeps its mode (ensurePrivateDir's rule).
  await tighten(dir, "folder", 0o700, (st) => st.isDirectory() && (st.mode & 0o1000) === 0);
  for (const f of files) await tighten(path.join(dir, f), f, 0o600, (st) => st.isFile());
  return changed;
}
