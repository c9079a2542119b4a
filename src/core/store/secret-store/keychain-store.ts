// Private keys in the OS keychain: macOS Keychain, Windows Credential Manager, or the Secret Service
// (gnome-keyring, KeePassXC, ...) on Linux. Entries: service "ibi-entra", account "<namespace>/<name>".

import type { AsyncEntry as AsyncEntryType } from "@napi-rs/keyring";
import { ExitCode, IbiError } from "../../errors.js";
import { printable } from "../../validate.js";
import { findSessionBus } from "./detect.js";
import { KEYCHAIN_SERVICE, oneLine, runKeyringOp, type KeyringOp } from "./keychain-probe.js";
import type { SecretStore } from "./types.js";

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 10_000;

export interface KeychainStoreOptions {
  /** Per-call limit; a stuck D-Bus socket or an unanswered unlock prompt would otherwise wait forever. */
  timeoutMs?: number;
  /**
   * "child": each call runs in a short-lived child process that is killed on timeout (default on Linux, where
   * the library's synchronous D-Bus connect can freeze the whole process). "in-process": AsyncEntry on the
   * libuv thread pool with an AbortSignal and a timeout race (default elsewhere; no D-Bus there).
   */
  isolation?: "child" | "in-process";
  /** Environment for the child (D-Bus address); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

const FALLBACK_HINT = "Unlock the keyring (or start a Secret Service), or set IBI_ENTRA_SECRET_STORE=file to keep keys in an encrypted vault file instead.";

function unavailable(message: string, cause?: unknown): IbiError {
  return new IbiError("keychain_unavailable", message, { hint: FALLBACK_HINT, exitCode: ExitCode.usage, cause });
}

export class KeychainStore implements SecretStore {
  readonly kind = "keychain" as const;
  private readonly timeoutMs: number;
  private readonly isolation: "child" | "in-process";
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly namespace: string,
    options: KeychainStoreOptions = {},
  ) {
    if (namespace.trim() === "" || namespace.includes("/"))
      throw new IbiError("invalid_keychain_namespace", `keychain namespace "${printable(namespace)}" is not valid: use a non-empty name without "/"`, {
        hint: "the namespace comes from the profile's certificates.json: restore that file from a backup",
      });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.isolation = options.isolation ?? (process.platform === "linux" ? "child" : "in-process");
    this.env = options.env ?? process.env;
  }

  async get(name: string): Promise<string | null> {
    const result = await this.call({ op: "get", service: KEYCHAIN_SERVICE, username: this.account(name) });
    return typeof result === "string" ? result : null;
  }

  async set(name: string, value: string): Promise<void> {
    await this.call({ op: "set", service: KEYCHAIN_SERVICE, username: this.account(name), value });
  }

  async delete(name: string): Promise<boolean> {
    return (await this.call({ op: "delete", service: KEYCHAIN_SERVICE, username: this.account(name) })) === true;
  }

  /** The names this store holds (for `doctor`: keys no certificate names); never their secrets. */
  async list(): Promise<string[]> {
    const result = await this.call({ op: "list", service: KEYCHAIN_SERVICE, username: "" });
    const accounts = typeof result === "string" ? (JSON.parse(result) as string[]) : [];
    const prefix = `${this.namespace}/`;
    return accounts.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
  }

  private account(name: string): string {
    if (name === "") throw new IbiError("invalid_secret_name", "secret name is empty: use a non-empty name", { hint: "this is a bug in ibi-entra; please report it with the command you ran" });
    return `${this.namespace}/${name}`;
  }

  private async call(request: Exclude<KeyringOp, { op: "probe" }>): Promise<string | boolean | null> {
    if (process.platform === "linux") {
      // Say what is missing in our words rather than libdbus's ("X11 autolaunch was disabled ...").
      const bus = findSessionBus(this.env);
      if (!bus.found) throw unavailable(`the OS keychain is not usable: ${bus.reason}`);
    }
    if (this.isolation === "child") {
      const outcome = await runKeyringOp(request, this.env, this.timeoutMs);
      if (outcome.status === "ok") return outcome.result;
      if (outcome.status === "timeout") throw unavailable(`the OS keychain did not answer within ${this.timeoutMs / 1000} s`);
      throw unavailable(`the OS keychain is not usable: ${outcome.message}`);
    }
    return this.callInProcess(request);
  }

  private async callInProcess(request: Exclude<KeyringOp, { op: "probe" }>): Promise<string | boolean | null> {
    let entry: AsyncEntryType;
    try {
      const { AsyncEntry } = await import("@napi-rs/keyring");
      // Pinned to the Secret Service on Linux: the default silently falls back to the kernel keyring, which
      // is lost at reboot.
      entry = new AsyncEntry(request.service, request.username, { linux: { store: "secret-service" } });
    } catch (e) {
      throw unavailable(`the OS keychain is not usable: ${oneLine(String((e as Error)?.message ?? e))}`, e);
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`the OS keychain did not answer within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    });
    const work = (async () => {
      switch (request.op) {
        case "get":
          return entry.getPassword(signal);
        case "set":
          await entry.setPassword(request.value, signal);
          return null;
        case "delete":
          return entry.deleteCredential(signal);
        case "list": {
          const { findCredentialsAsync } = await import("@napi-rs/keyring");
          return JSON.stringify((await findCredentialsAsync(request.service, undefined, signal)).map((c) => c.account));
        }
      }
    })();
    try {
      return await Promise.race([work, timedOut]);
    } catch (e) {
      if (e instanceof IbiError) throw e;
      if (signal.aborted) throw unavailable(`the OS keychain did not answer within ${this.timeoutMs / 1000} s`, e);
      throw unavailable(`the OS keychain is not usable: ${oneLine(String((e as Error)?.message ?? e))}`, e);
    } finally {
      clearTimeout(timer);
      work.catch(() => undefined); // a late rejection after the timeout must not become unhandled
    }
  }
}
