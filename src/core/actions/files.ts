// The filesystem checks every action that reads or writes an admin's file makes, with the same words for the
// CLI and the dashboard: a file that is missing, a directory where a file is expected, a file that exists.
import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { resolve } from "node:path";
import { IbiError } from "../errors.js";
import { writeFileAtomic } from "../store/fs-atomic.js";

/** What is at a path (not following a symbolic link): we only ever write regular files, and never through a link. */
export type PathState = "missing" | "file" | "directory" | "symlink" | "fifo" | "socket" | "device";

/** Certificates, keys and PFX files are a few KiB: anything larger than this is not one (or not a file at all). */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** What is at `path` now (anything that cannot be stat'ed counts as missing: the write reports why). */
export async function pathState(path: string): Promise<PathState> {
  let st;
  try {
    st = await lstat(resolve(path));
  } catch {
    return "missing";
  }
  if (st.isSymbolicLink()) return "symlink";
  if (st.isDirectory()) return "directory";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "device";
  return "file";
}

const WHAT: Record<Exclude<PathState, "missing" | "file">, string> = {
  symlink: "a symbolic link",
  directory: "a directory",
  fifo: "a named pipe (FIFO)",
  socket: "a socket",
  device: "a device",
};

/**
 * Reads a file the admin named, turning the usual mistakes into one clear line. Only a regular file of at most
 * MAX_INPUT_BYTES is read: a FIFO, device or directory is refused at once (opened without blocking, so a FIFO
 * without a writer cannot hang the command), and /dev/zero cannot fill the memory.
 */
export async function readInputFile(path: string): Promise<Buffer> {
  const file = resolve(path);
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (code ?? "error");
    throw new IbiError("unreadable_file", `cannot read ${file}: ${why}`, {
      hint: code === "EISDIR" ? "give the path of a file in that directory" : undefined,
    });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      const kind = st.isDirectory() ? "directory" : st.isFIFO() ? "fifo" : st.isSocket() ? "socket" : "device";
      throw new IbiError("unreadable_file", `cannot read ${file}: it is ${WHAT[kind]}, not a file`, { hint: "give the path of the certificate file itself" });
    }
    if (st.size > MAX_INPUT_BYTES) throw tooLarge(file);
    const buf = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > MAX_INPUT_BYTES) throw tooLarge(file); // it grew while being read
    }
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

function tooLarge(file: string): IbiError {
  return new IbiError("file_too_large", `cannot read ${file}: it is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, too large for a certificate or PFX file`, {
    hint: "give the path of the certificate (.pfx, .p12 or .pem) file itself",
  });
}

/**
 * Checks that `path` may be written: missing, or (with `overwrite`) a regular file. Anything else — a directory, a
 * symbolic link, a FIFO, a socket, a device — is refused, naming what it is: replacing /dev/full or a link target by
 * a regular file is never what an admin meant.
 */
export async function checkOutputPath(path: string, overwrite: boolean): Promise<string> {
  const file = resolve(path);
  const state = await pathState(file);
  if (state === "missing") return file;
  if (state === "file") {
    if (!overwrite) throw new IbiError("file_exists", `${file} exists already; nothing was written`, { hint: "allow overwriting it, or choose another file name" });
    return file;
  }
  throw new IbiError(state === "directory" ? "is_directory" : "not_a_regular_file", `${file} is ${WHAT[state]}; nothing was written`, {
    hint: state === "directory" ? "give a file name, e.g. add /IBI-helpMe.cer" : "give the path of a new or regular file",
  });
}

/**
 * Writes `data` to `path` atomically (a reader never sees half a file; the temporary file lives beside the target).
 * An existing regular file is replaced only with `overwrite`; nothing else ever is.
 */
export async function writeOutputFile(path: string, data: Buffer | string, overwrite: boolean): Promise<string> {
  const file = await checkOutputPath(path, overwrite);
  await writeFileAtomic(file, data);
  return file;
}
