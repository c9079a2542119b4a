// The filesystem checks every action that reads or writes an admin's file makes, with the same words for the
// CLI and the dashboard: a file that is missing, a directory where a file is expected, a file that exists.
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { IbiError } from "../errors.js";
import { writeFileAtomic } from "../store/fs-atomic.js";

export type PathState = "missing" | "file" | "directory";

/** What is at `path` now (anything that cannot be stat'ed counts as missing: the write reports why). */
export async function pathState(path: string): Promise<PathState> {
  try {
    return (await stat(resolve(path))).isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

/** Reads a file the admin named, turning the usual mistakes into one clear line. */
export async function readInputFile(path: string): Promise<Buffer> {
  const file = resolve(path);
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (code ?? "error");
    throw new IbiError("unreadable_file", `cannot read ${file}: ${why}`, {
      hint: code === "EISDIR" ? "give the path of a file in that directory" : undefined,
    });
  }
}

/**
 * Writes `data` to `path` atomically (a reader never sees half a file). An existing file is replaced only with
 * `overwrite`; a directory never is.
 */
export async function writeOutputFile(path: string, data: Buffer | string, overwrite: boolean): Promise<string> {
  const file = resolve(path);
  const state = await pathState(file);
  if (state === "directory")
    throw new IbiError("is_directory", `${file} is a directory; nothing was written`, { hint: "give a file name, e.g. add /IBI-helpMe.cer" });
  if (state === "file" && !overwrite)
    throw new IbiError("file_exists", `${file} exists already; nothing was written`, { hint: "allow overwriting it, or choose another file name" });
  await writeFileAtomic(file, data);
  return file;
}
