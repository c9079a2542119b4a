// Decides where private keys go: the OS keychain when it demonstrably works, else the encrypted vault file.

import { ExitCode, IbiError } from "../../errors.js";
import { printable } from "../../validate.js";
import { findSessionBus } from "./detect.js";
import { DEFAULT_PROBE_TIMEOUT_MS, probeKeychain } from "./keychain-probe.js";
import type { StoreChoice } from "./types.js";

const MODES = ["auto", "keychain", "file"] as const;

export interface ChooseOptions {
  /** Probe limit; the probe child is killed when it runs out. */
  timeoutMs?: number;
  /** For tests: the platform to decide for. */
  platform?: NodeJS.Platform;
}

/**
 * IBI_ENTRA_SECRET_STORE=keychain|file forces a store; auto (the default) uses the keychain on macOS and
 * Windows, and on Linux only after a probe in a child process has written, read and deleted an entry
 * through the Secret Service.
 */
export async function chooseSecretStoreKind(env: NodeJS.ProcessEnv = process.env, opts: ChooseOptions = {}): Promise<StoreChoice> {
  const raw = env.IBI_ENTRA_SECRET_STORE;
  const mode = (raw ?? "").trim().toLowerCase() || "auto";
  if (!(MODES as readonly string[]).includes(mode))
    throw new IbiError("invalid_secret_store", `IBI_ENTRA_SECRET_STORE "${printable(raw ?? "")}" is not valid: use auto, keychain or file`, {
      hint: "Unset it to choose automatically, or set keychain (OS keychain) or file (encrypted vault file).",
      exitCode: ExitCode.usage,
    });
  if (mode === "keychain") return { kind: "keychain", reason: "IBI_ENTRA_SECRET_STORE=keychain (forced)" };
  if (mode === "file") return { kind: "file", reason: "IBI_ENTRA_SECRET_STORE=file" };

  const platform = opts.platform ?? process.platform;
  if (platform === "darwin") return { kind: "keychain", reason: "macOS Keychain" };
  if (platform === "win32") return { kind: "keychain", reason: "Windows Credential Manager" };

  // Without a session bus there is nothing to probe: decide at once instead of paying for a child process.
  const bus = findSessionBus(env);
  if (!bus.found) return { kind: "file", reason: bus.reason };
  const probe = await probeKeychain(env, opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
  return { kind: probe.ok ? "keychain" : "file", reason: probe.reason };
}
