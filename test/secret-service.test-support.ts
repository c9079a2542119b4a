// Whether a real Secret Service answers here (scripts/with-secret-service.sh starts one for `npm test`).
// Keychain tests skip with this reason on a developer machine without one, but never under CI=true.
import { spawnSync } from "node:child_process";

function probe(): string | undefined {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return "no D-Bus session bus (run the tests with: npm test)";
  const attrs = ["service", "ibi-entra-test-probe", "username", "probe"];
  const store = spawnSync("secret-tool", ["store", "--label=ibi-entra probe", ...attrs], { input: "x", timeout: 5000 });
  if (store.error || store.status !== 0) return `secret-tool cannot store (${store.error?.message ?? store.stderr.toString().trim()})`;
  spawnSync("secret-tool", ["clear", ...attrs], { timeout: 5000 });
  return undefined;
}

export const secretServiceMissing = probe();
export const requireSecretService = process.env.CI === "true";

export function secretToolLookup(service: string, username: string): string | null {
  const r = spawnSync("secret-tool", ["lookup", "service", service, "username", username], { timeout: 5000, encoding: "utf8" });
  return r.status === 0 ? r.stdout : null;
}
