// Against a real Secret Service: run as `scripts/with-secret-service.sh npx vitest run src/core/secret-store`.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { KeychainStore } from "./keychain-store.js";
import { bareBus, hasDbusDaemon, noBusEnv, secretServiceStatus, secretToolLookup, stuckBus } from "./secrets.test-support.js";

const status = await secretServiceStatus();
const title = status.skip ? `KeychainStore on a real Secret Service (skipped: ${status.reason})` : "KeychainStore on a real Secret Service";

async function caught(p: Promise<unknown>): Promise<{ code: string; message: string; hint?: string; exitCode: number }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; hint?: string; exitCode: number };
  }
  throw new Error("expected a rejection");
}

// A real private key, made at test time: what these stores hold in production.
const PEM = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

describe(title, () => {
  it.runIf(!status.available && process.env.CI === "true")("has a Secret Service (required when CI=true)", () => {
    throw new Error(`no usable Secret Service under CI: ${status.reason}`);
  });

  for (const isolation of ["child", "in-process"] as const) {
    it.skipIf(status.skip)(`stores, reads and deletes a real entry (${isolation})`, async () => {
      const ns = `test-${randomUUID()}`;
      const store = new KeychainStore(ns, { isolation });
      expect(store.kind).toBe("keychain");
      try {
        expect(await store.get("cert-1")).toBeNull();
        await store.set("cert-1", PEM);
        // The entry is really in the Secret Service under service "ibi-entra", account "<ns>/<name>".
        expect(secretToolLookup("ibi-entra", `${ns}/cert-1`)).toBe(PEM);
        expect(await store.get("cert-1")).toBe(PEM);
        await store.set("cert-1", "replaced ✓");
        expect(secretToolLookup("ibi-entra", `${ns}/cert-1`)).toBe("replaced ✓");
        expect(await store.delete("cert-1")).toBe(true);
        expect(secretToolLookup("ibi-entra", `${ns}/cert-1`)).toBeNull();
        expect(await store.get("cert-1")).toBeNull();
        expect(await store.delete("cert-1")).toBe(false);
      } finally {
        await store.delete("cert-1").catch(() => false);
      }
    });
  }

  it.skipIf(status.skip)("reads an entry another Secret Service client wrote, and keeps namespaces apart", async () => {
    const ns = `test-${randomUUID()}`;
    const other = `test-${randomUUID()}`;
    const r = spawnSync("secret-tool", ["store", "--label=ibi-entra test", "service", "ibi-entra", "username", `${ns}/k`], {
      input: "from secret-tool",
      timeout: 10_000,
    });
    expect(r.status).toBe(0);
    try {
      expect(await new KeychainStore(ns).get("k")).toBe("from secret-tool");
      expect(await new KeychainStore(other).get("k")).toBeNull();
    } finally {
      expect(await new KeychainStore(ns).delete("k")).toBe(true);
    }
  });
});

describe("KeychainStore without a working keychain", () => {
  it("fails with keychain_unavailable (exit 2, hint to use the file store) when there is no session bus", async () => {
    const store = new KeychainStore("ns", { env: noBusEnv() });
    const t0 = Date.now();
    const e = await caught(store.set("k", "super-secret-value"));
    expect(e.code).toBe("keychain_unavailable");
    expect(e.exitCode).toBe(2);
    expect(e.hint).toContain("IBI_ENTRA_SECRET_STORE=file");
    expect(e.message).toMatch(/^the OS keychain is not usable: no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS unset, no .*\/bus\)$/);
    expect(e.message).not.toContain("super-secret-value");
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it.skipIf(!hasDbusDaemon)("fails with keychain_unavailable and the library's reason on a bus without a Secret Service", async () => {
    const bus = await bareBus();
    try {
      // child isolation (the Linux default): the helper gets this bus address; in-process libdbus would read the real one
      const store = new KeychainStore("ns", { env: { ...noBusEnv(), DBUS_SESSION_BUS_ADDRESS: bus.address }, isolation: "child" });
      const e = await caught(store.get("k"));
      expect(e.code).toBe("keychain_unavailable");
      expect(e.message).toMatch(/^the OS keychain is not usable: \S/);
    } finally {
      bus.stop();
    }
  });

  it("gives up on a stuck D-Bus socket within its timeout and kills the helper", async () => {
    const bus = await stuckBus();
    try {
      const store = new KeychainStore("ns", { env: { ...noBusEnv(), DBUS_SESSION_BUS_ADDRESS: bus.address }, timeoutMs: 1_500 });
      const t0 = Date.now();
      const e = await caught(store.get("k"));
      const elapsed = Date.now() - t0;
      expect(e.code).toBe("keychain_unavailable");
      expect(e.message).toContain("did not answer within 1.5 s");
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(4_000);
      expect(bus.connections.length).toBeGreaterThan(0); // it really reached the stuck socket
      await new Promise((r) => setTimeout(r, 200));
      expect(bus.closed()).toBe(bus.connections.length); // the helper was killed, its connection closed
    } finally {
      await bus.stop();
    }
  });

  it("rejects an empty namespace or one with a slash, and an empty secret name", async () => {
    expect(() => new KeychainStore("")).toThrow(/namespace/);
    expect(() => new KeychainStore("a/b")).toThrow(/namespace/);
    expect((await caught(new KeychainStore("ns", { env: noBusEnv() }).get(""))).code).toBe("invalid_secret_name");
  });
});

describe(`${title}: listing`, () => {
  for (const isolation of ["child", "in-process"] as const) {
    it.skipIf(status.skip)(`lists the names of its namespace only, never another's (${isolation})`, async () => {
      const ns = `test-${randomUUID()}`;
      const other = new KeychainStore(`test-${randomUUID()}`, { isolation });
      const store = new KeychainStore(ns, { isolation });
      try {
        await store.set("key-A", PEM);
        await store.set("key-B", PEM);
        await other.set("key-C", PEM);
        expect((await store.list()).sort()).toEqual(["key-A", "key-B"]);
        await store.delete("key-A");
        expect(await store.list()).toEqual(["key-B"]);
      } finally {
        await store.delete("key-A").catch(() => false);
        await store.delete("key-B").catch(() => false);
        await other.delete("key-C").catch(() => false);
      }
    });
  }
});
