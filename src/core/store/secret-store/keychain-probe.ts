// Talks to the OS keychain from a short-lived child process. On Linux the keyring library opens its D-Bus
// connection synchronously when an entry is created; against a stuck bus that blocks the calling thread for
// good (measured: timers, AbortSignal, worker.terminate() and even process.exit() in the parent never return).
// A child can always be killed, so both the probe and KeychainStore's Linux calls go through here.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { printable } from "../../validate.js";
import { findSessionBus } from "./detect.js";

export const KEYCHAIN_SERVICE = "ibi-entra";
export const PROBE_SERVICE = "ibi-entra-probe";
export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export type KeyringOp =
  | { op: "get"; service: string; username: string }
  | { op: "set"; service: string; username: string; value: string }
  | { op: "delete"; service: string; username: string }
  /** the account names under `service` (never their secrets) */
  | { op: "list"; service: string; username: string }
  /** write, read back and delete a throw-away entry */
  | { op: "probe"; service: string; username: string; value: string };

export type KeyringOutcome =
  | { status: "ok"; result: string | boolean | null }
  | { status: "error"; message: string }
  | { status: "timeout" };

// Runs in the child as CommonJS (`node -e`). The request, including any secret, arrives on stdin as one line,
// never in argv or the environment, where other users could read it from /proc. The parent keeps stdin open until
// the answer: end of input (or a new parent pid) means the parent died, and the child then exits without touching
// the keychain — a key stored for a dead parent would be an orphan no index names.
const CHILD_SCRIPT = `
const startPpid = process.ppid;
let buf = "";
let started = false;
let parentGone = false;
const gone = () => parentGone || process.ppid !== startPpid;
process.stdin.setEncoding("utf8");
process.stdin.on("end", () => {
  parentGone = true;
  if (!started) process.exit(3);
});
process.stdin.on("data", (d) => {
  if (started) return;
  buf += d;
  const nl = buf.indexOf("\\n");
  if (nl >= 0) {
    started = true;
    run(buf.slice(0, nl));
  }
});
async function run(line) {
  let out;
  try {
    let req;
    try {
      req = JSON.parse(line);
    } catch {
      throw new Error("malformed request"); // JSON.parse quotes its input, which holds the secret
    }
    const { AsyncEntry, findCredentialsAsync } = require(req.module);
    const options = process.platform === "linux" ? { linux: { store: "secret-service" } } : undefined;
    if (req.op === "list") {
      const found = await findCredentialsAsync(req.service);
      out = { ok: true, result: JSON.stringify(found.map((c) => c.account)) };
      process.stdout.write(JSON.stringify(out) + "\\n", () => process.exit(0));
      return;
    }
    const entry = new AsyncEntry(req.service, req.username, options);
    // Let a pending end-of-input arrive before anything is written.
    await new Promise((r) => setImmediate(r));
    if (gone()) process.exit(3);
    let result = null;
    if (req.op === "get") result = await entry.getPassword();
    else if (req.op === "set") await entry.setPassword(req.value);
    else if (req.op === "delete") result = await entry.deleteCredential();
    else if (req.op === "probe") {
      try {
        await entry.setPassword(req.value);
        if ((await entry.getPassword()) !== req.value) throw new Error("the keychain returned a different value than was stored");
      } finally {
        await entry.deleteCredential().catch(() => false);
      }
      result = true;
    } else throw new Error("unknown operation");
    out = { ok: true, result };
  } catch (e) {
    out = { ok: false, message: String((e && e.message) || e) };
  }
  process.stdout.write(JSON.stringify(out) + "\\n", () => process.exit(0));
}
`;

let keyringPath: string | undefined;
/** Resolved from this package, so it works from src/ under vitest and from the bundled dist/main.js alike. */
function keyringModulePath(): string {
  keyringPath ??= createRequire(import.meta.url).resolve("@napi-rs/keyring");
  return keyringPath;
}

/** What the helper needs (the session bus and the user's identity), without our secrets (vault passphrase, PFX password). */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.NODE_OPTIONS; // keep the child minimal: no loaders or inspectors inherited from the parent
  for (const name of Object.keys(out)) if (name.startsWith("IBI_ENTRA_")) delete out[name];
  // libdbus does not fall back to $XDG_RUNTIME_DIR/bus on its own; hand it the address we found.
  const bus = findSessionBus(env);
  if (bus.found && !out.DBUS_SESSION_BUS_ADDRESS) out.DBUS_SESSION_BUS_ADDRESS = bus.address;
  return out;
}

/** Library messages stay on one bounded line; they never contain the secret (it is not part of any error). */
export function oneLine(message: string): string {
  return printable(message.split("\n")[0] ?? "", 200);
}

/** Runs one keyring operation in a child process that is killed after `timeoutMs`. */
export function runKeyringOp(request: KeyringOp, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<KeyringOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: KeyringOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child?.stdin?.destroy();
      resolve(outcome);
    };
    let child: ChildProcessWithoutNullStreams | undefined;
    try {
      child = spawn(process.execPath, ["-e", CHILD_SCRIPT], { env: childEnv(env), stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    } catch (e) {
      resolve({ status: "error", message: `cannot start ${process.execPath}: ${oneLine(String((e as Error).message ?? e))}` });
      return;
    }
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ status: "timeout" });
    }, timeoutMs);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      if (stdout.length < 1_000_000) stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < 10_000) stderr += d;
    });
    child.on("error", (e) => finish({ status: "error", message: `cannot start ${process.execPath}: ${oneLine(e.message)}` }));
    child.on("close", (code, signal) => {
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        const out = JSON.parse(line) as { ok: boolean; result?: string | boolean | null; message?: string };
        if (out.ok) finish({ status: "ok", result: out.result ?? null });
        else finish({ status: "error", message: oneLine(out.message ?? "unknown error") });
      } catch {
        const why = stderr.trim() ? oneLine(stderr.trim()) : `exited with ${signal ?? `code ${code}`}`;
        finish({ status: "error", message: `keyring helper failed: ${why}` });
      }
    });
    child.stdin.on("error", () => undefined); // the child may die before reading; "close" reports it
    // stdin stays open until the child answers: its end tells the child that this process is gone.
    child.stdin.write(`${JSON.stringify({ ...request, module: keyringModulePath() })}\n`);
  });
}

function secondsText(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * Checks that the OS keychain really stores and returns a secret: a throw-away entry under service
 * "ibi-entra-probe" is written, read back and deleted, in a child killed after `timeoutMs`.
 */
export async function probeKeychain(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs: number = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<{ ok: boolean; reason: string }> {
  const linux = process.platform === "linux";
  const what = linux ? "Secret Service" : "OS keychain";
  if (linux) {
    const bus = findSessionBus(env);
    if (!bus.found) return { ok: false, reason: bus.reason };
  }
  const username = `probe-${process.pid}-${randomBytes(4).toString("hex")}`;
  const outcome = await runKeyringOp(
    { op: "probe", service: PROBE_SERVICE, username, value: randomBytes(12).toString("base64") },
    env,
    timeoutMs,
  );
  if (outcome.status === "ok") return { ok: true, reason: linux ? "Secret Service answered on the session bus" : "OS keychain answered" };
  if (outcome.status === "timeout") return { ok: false, reason: `${what} did not answer within ${secondsText(timeoutMs)}` };
  return { ok: false, reason: `${what} is not usable: ${outcome.message}` };
}
