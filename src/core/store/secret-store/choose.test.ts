// Store detection. The "real bus" cases need `scripts/with-secret-service.sh npx vitest run src/core/secret-store`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseSecretStoreKind } from "./choose.js";
import { findSessionBus } from "./detect.js";
import { probeKeychain } from "./keychain-probe.js";
import { bareBus, hasDbusDaemon, noBusEnv, secretServiceStatus, stuckBus } from "./secrets.test-support.js";

const status = await secretServiceStatus();
const skipNote = status.skip ? ` (skipped: ${status.reason})` : "";

describe("chooseSecretStoreKind: IBI_ENTRA_SECRET_STORE", () => {
  it("file and keychain force the store without probing, whatever the bus", async () => {
    const env = noBusEnv();
    expect(await chooseSecretStoreKind({ ...env, IBI_ENTRA_SECRET_STORE: "file" })).toEqual({ kind: "file", reason: "IBI_ENTRA_SECRET_STORE=file" });
    const forced = await chooseSecretStoreKind({ ...env, IBI_ENTRA_SECRET_STORE: "keychain" });
    expect(forced.kind).toBe("keychain");
    expect(forced.reason).toContain("forced");
    expect((await chooseSecretStoreKind({ ...env, IBI_ENTRA_SECRET_STORE: " File " })).kind).toBe("file");
  });

  it("empty or auto means automatic detection", async () => {
    for (const value of [undefined, "", "auto"]) {
      const env = { ...noBusEnv(), IBI_ENTRA_SECRET_STORE: value };
      const choice = await chooseSecretStoreKind(env);
      expect(choice.kind).toBe("file");
      expect(choice.reason).toMatch(/^no D-Bus session bus/);
    }
  });

  it("anything else is a usage error naming the variable and the accepted values", async () => {
    let err: { code?: string; message?: string; exitCode?: number } = {};
    try {
      await chooseSecretStoreKind({ IBI_ENTRA_SECRET_STORE: "vault" });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe("invalid_secret_store");
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain("IBI_ENTRA_SECRET_STORE");
    expect(err.message).toContain('"vault"');
    expect(err.message).toMatch(/auto, keychain or file/);
  });

  it("uses the keychain on macOS and Windows without probing (even with a stuck bus in the environment)", async () => {
    const bus = await stuckBus();
    try {
      const env = { ...noBusEnv(), DBUS_SESSION_BUS_ADDRESS: bus.address };
      const t0 = Date.now();
      expect((await chooseSecretStoreKind(env, { platform: "darwin" })).kind).toBe("keychain");
      expect((await chooseSecretStoreKind(env, { platform: "win32" })).kind).toBe("keychain");
      expect(Date.now() - t0).toBeLessThan(500);
      expect(bus.connections.length).toBe(0);
    } finally {
      await bus.stop();
    }
  });
});

describe("chooseSecretStoreKind on Linux: probing the Secret Service", () => {
  it("no session bus → file at once, naming what is missing", async () => {
    const env = noBusEnv();
    const t0 = performance.now();
    const choice = await chooseSecretStoreKind(env, { platform: "linux" });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(choice).toEqual({
      kind: "file",
      reason: `no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset, no ${path.join(env.XDG_RUNTIME_DIR!, "bus")})`,
    });
    const withoutXdg = { ...env };
    delete withoutXdg.XDG_RUNTIME_DIR;
    expect((await chooseSecretStoreKind(withoutXdg, { platform: "linux" })).reason).toBe(
      "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset, no $XDG_RUNTIME_DIR/bus)",
    );
  });

  it("a stuck bus → file with a timeout reason within ~3 s, and the probe child is killed", async () => {
    const bus = await stuckBus();
    try {
      const env = { ...noBusEnv(), DBUS_SESSION_BUS_ADDRESS: bus.address };
      const t0 = Date.now();
      const choice = await chooseSecretStoreKind(env, { platform: "linux" });
      const elapsed = Date.now() - t0;
      expect(choice).toEqual({ kind: "file", reason: "Secret Service did not answer within 2 s" });
      expect(elapsed).toBeGreaterThanOrEqual(1_900);
      // bounded: the probe is killed at its limit (the margin is for a busy machine, not for the probe)
      expect(elapsed).toBeLessThan(12_000);
      expect(bus.connections.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200));
      expect(bus.closed()).toBe(bus.connections.length);
    } finally {
      await bus.stop();
    }
  });

  it("a stuck systemd user bus at $XDG_RUNTIME_DIR/bus is found and probed too", async () => {
    const bus = await stuckBus();
    try {
      const runtimeDir = path.dirname(bus.address.slice("unix:path=".length));
      const env = { ...noBusEnv(), XDG_RUNTIME_DIR: runtimeDir };
      expect(findSessionBus(env)).toEqual({ found: true, address: bus.address, via: "XDG_RUNTIME_DIR" });
      // A generous limit: on a busy machine the probe's child needs a while just to start and connect.
      const choice = await chooseSecretStoreKind(env, { platform: "linux", timeoutMs: 5_000 });
      expect(choice).toEqual({ kind: "file", reason: "Secret Service did not answer within 5 s" });
      expect(bus.connections.length).toBeGreaterThan(0);
    } finally {
      await bus.stop();
    }
  });

  it.skipIf(!hasDbusDaemon)("a bus without a Secret Service on it → file with the library's reason", async () => {
    const bus = await bareBus();
    try {
      const env = { ...noBusEnv(), DBUS_SESSION_BUS_ADDRESS: bus.address };
      const t0 = Date.now();
      const choice = await chooseSecretStoreKind(env, { platform: "linux" });
      expect(choice.kind).toBe("file");
      expect(choice.reason).toMatch(/^Secret Service is not usable: \S/);
      expect(Date.now() - t0).toBeLessThan(2_000); // a clear "no" arrives long before the timeout
    } finally {
      bus.stop();
    }
  });

  it.skipIf(status.skip)(`a real Secret Service → keychain, and the probe leaves no entry behind${skipNote}`, async () => {
    const choice = await chooseSecretStoreKind({ ...process.env, IBI_ENTRA_SECRET_STORE: undefined }, { platform: "linux" });
    expect(choice).toEqual({ kind: "keychain", reason: "Secret Service answered on the session bus" });
    const left = spawnSync("secret-tool", ["search", "--all", "service", "ibi-entra-probe"], { encoding: "utf8", timeout: 10_000 });
    expect(left.stdout + left.stderr).not.toContain("ibi-entra-probe");
  });

  it.skipIf(status.skip)(`finds a real bus through $XDG_RUNTIME_DIR/bus when DBUS_SESSION_BUS_ADDRESS is unset${skipNote}`, async () => {
    const address = process.env.DBUS_SESSION_BUS_ADDRESS ?? "";
    const socket = /^unix:path=([^,]+)/.exec(address)?.[1];
    expect(socket, `expected a unix:path= bus address, got ${address}`).toBeDefined();
    // under /tmp whatever TMPDIR says: the bus socket is reached through this path, and socket paths are limited to ~107 bytes
    const runtimeDir = fs.mkdtempSync(path.join("/tmp", "ibi-xdg-"));
    try {
      fs.symlinkSync(socket!, path.join(runtimeDir, "bus"));
      const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, IBI_ENTRA_SECRET_STORE: undefined };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const probe = await probeKeychain(env);
      expect(probe).toEqual({ ok: true, reason: "Secret Service answered on the session bus" });
      expect((await chooseSecretStoreKind(env, { platform: "linux" })).kind).toBe("keychain");
    } finally {
      fs.rmSync(runtimeDir, { recursive: true, force: true });
    }
  });
});
