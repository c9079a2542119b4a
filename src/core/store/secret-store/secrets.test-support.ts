// Shared by the keychain tests: what Secret Service this machine offers, and a D-Bus socket that never answers.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { probeKeychain } from "./keychain-probe.js";

// Unix socket paths are limited to about 107 bytes: sockets live under /tmp, whatever TMPDIR says (a long TMPDIR is
// one of the conditions the suite runs under).
const SOCKET_BASE = process.platform === "win32" ? os.tmpdir() : "/tmp";

/** Probed once per test file; tests needing a real Secret Service skip with `reason`, but fail under CI=true. */
export async function secretServiceStatus(): Promise<{ available: boolean; skip: boolean; reason: string }> {
  const probe = await probeKeychain(process.env, 5_000);
  const ci = process.env.CI === "true";
  return { available: probe.ok, skip: !probe.ok && !ci, reason: probe.reason };
}

/** The `secret-tool lookup` answer for an ibi-entra entry, or null when the Secret Service has none. */
export function secretToolLookup(service: string, username: string): string | null {
  const r = spawnSync("secret-tool", ["lookup", "service", service, "username", username], { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw r.error;
  return r.status === 0 ? r.stdout : null;
}

/** A unix socket that accepts connections and never says a word: a hung dbus-daemon. */
export async function stuckBus(): Promise<{ address: string; connections: net.Socket[]; closed: () => number; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(SOCKET_BASE, "ibi-stuck-bus-"));
  const socketPath = path.join(dir, "bus");
  const connections: net.Socket[] = [];
  let closedCount = 0;
  const server = net.createServer((s) => {
    connections.push(s);
    s.on("close", () => closedCount++);
    s.on("error", () => undefined);
    s.resume(); // read and drop the client's AUTH line, so its hang-up (EOF) is noticed
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    address: `unix:path=${socketPath}`,
    connections,
    closed: () => closedCount,
    stop: async () => {
      for (const s of connections) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An environment with no session bus at all (and an XDG runtime dir without a bus socket). */
export function noBusEnv(): NodeJS.ProcessEnv {
  const runtimeDir = path.join(SOCKET_BASE, `ibi-nobus-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.IBI_ENTRA_SECRET_STORE;
  return env;
}

export const hasDbusDaemon = spawnSync("dbus-daemon", ["--version"]).status === 0;

/**
 * A private dbus-daemon with no service directories: the bus answers, but nobody owns org.freedesktop.secrets
 * and nothing can be activated (a server with a user bus but no keyring).
 */
export async function bareBus(): Promise<{ address: string; stop: () => void }> {
  const dir = fs.mkdtempSync(path.join(SOCKET_BASE, "ibi-bare-bus-"));
  const socket = path.join(dir, "bus");
  const conf = path.join(dir, "bus.conf");
  fs.writeFileSync(
    conf,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=${socket}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
  );
  const daemon = spawn("dbus-daemon", [`--config-file=${conf}`, "--nofork", "--print-address"], { stdio: ["ignore", "pipe", "ignore"] });
  const stop = () => {
    daemon.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      daemon.stdout.once("data", () => resolve());
      daemon.once("exit", (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    });
  } catch (e) {
    stop();
    throw e;
  }
  return { address: `unix:path=${socket}`, stop };
}
