// Finds the D-Bus session bus the Secret Service would be reached through, without talking to it.

import { statSync } from "node:fs";
import path from "node:path";

export type SessionBus =
  | { found: true; address: string; via: "DBUS_SESSION_BUS_ADDRESS" | "XDG_RUNTIME_DIR" }
  | { found: false; reason: string };

/**
 * The session bus address: DBUS_SESSION_BUS_ADDRESS, else the systemd user bus at $XDG_RUNTIME_DIR/bus
 * (what an SSH login with pam_systemd gets, often without the variable exported).
 */
export function findSessionBus(env: NodeJS.ProcessEnv = process.env): SessionBus {
  const address = env.DBUS_SESSION_BUS_ADDRESS?.trim();
  if (address) return { found: true, address, via: "DBUS_SESSION_BUS_ADDRESS" };
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir) {
    const socket = path.join(runtimeDir, "bus");
    try {
      if (statSync(socket).isSocket()) return { found: true, address: `unix:path=${socket}`, via: "XDG_RUNTIME_DIR" };
    } catch {
      // no such socket: fall through
    }
  }
  return {
    found: false,
    reason: `no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset, no ${runtimeDir ? path.join(runtimeDir, "bus") : "$XDG_RUNTIME_DIR/bus"})`,
  };
}
