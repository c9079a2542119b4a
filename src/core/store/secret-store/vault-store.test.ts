import { generateKeyPairSync, createDecipheriv, scryptSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkNewPassphrase, DEFAULT_SCRYPT_N, passphraseFromEnv, VaultStore, type PassphraseRequest } from "./vault-store.js";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ibi-vault-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const PASS = "correct horse battery staple";
// A real private key, made at test time: what these stores hold in production.
const KEY_PEM = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function counting(passphrase: string) {
  const calls: PassphraseRequest[] = [];
  const fn = async (req: PassphraseRequest) => {
    calls.push(req);
    return passphrase;
  };
  return { fn, calls };
}

async function caught(p: Promise<unknown>): Promise<{ code: string; message: string; exitCode: number }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; exitCode: number };
  }
  throw new Error("expected a rejection");
}

let n = 0;
const freshFile = () => path.join(tmp, `profile-${++n}`, "vault.json");

async function vaultWith(entries: Record<string, string>): Promise<string> {
  const file = freshFile();
  const store = new VaultStore(file, async () => PASS);
  for (const [k, v] of Object.entries(entries)) await store.set(k, v);
  return file;
}

describe("VaultStore", () => {
  it("round-trips secrets through a new instance, asking the passphrase once per instance", async () => {
    const file = freshFile();
    const writer = counting(PASS);
    const store = new VaultStore(file, writer.fn);
    expect(store.kind).toBe("file");
    expect(await store.get("missing")).toBeNull();
    expect(writer.calls).toEqual([]); // no vault yet: nothing to unlock
    await store.set("cert-1", KEY_PEM);
    await store.set("cert-2", "second ✓ ünïcode");
    expect(writer.calls).toEqual([{ file, creating: true }]);
    expect(await store.get("cert-1")).toBe(KEY_PEM);

    const reader = counting(PASS);
    const again = new VaultStore(file, reader.fn);
    expect(await again.get("cert-1")).toBe(KEY_PEM);
    expect(await again.get("cert-2")).toBe("second ✓ ünïcode");
    expect(await again.get("nope")).toBeNull();
    expect(reader.calls).toEqual([{ file, creating: false }]);
  });

  it("unlock() derives the key ahead of a write: a new vault asks once, a wrong passphrase fails early", async () => {
    const file = freshFile();
    const asker = counting(PASS);
    const store = new VaultStore(file, asker.fn);
    await store.unlock();
    expect(fs.existsSync(file)).toBe(false); // unlocking writes nothing
    await store.set("k", "v");
    expect(asker.calls).toEqual([{ file, creating: true }]);
    expect(await new VaultStore(file, async () => PASS).get("k")).toBe("v");

    const before = fs.readFileSync(file);
    const wrong = new VaultStore(file, async () => "not it");
    expect((await caught(wrong.unlock())).code).toBe("wrong_passphrase");
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it("asks only once when first used by concurrent calls", async () => {
    const file = await vaultWith({ a: "1", b: "2" });
    const asker = counting(PASS);
    const store = new VaultStore(file, asker.fn);
    const [a, b] = await Promise.all([store.get("a"), store.get("b"), store.set("c", "3"), store.set("d", "4")]);
    expect([a, b]).toEqual(["1", "2"]);
    expect(asker.calls.length).toBe(1);
    const check = new VaultStore(file, async () => PASS);
    expect(await check.get("c")).toBe("3");
    expect(await check.get("d")).toBe("4");
  });

  it("writes a 0600 file in a 0700 folder with the documented header and no plaintext", async () => {
    const file = await vaultWith({ "cert-1": KEY_PEM });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const raw = fs.readFileSync(file);
    for (const needle of [KEY_PEM, "PRIVATE KEY", "cert-1", PASS, KEY_PEM.split("\n")[1]!]) expect(raw.includes(Buffer.from(needle))).toBe(false);
    const v = JSON.parse(raw.toString("utf8"));
    expect(Object.keys(v).sort()).toEqual(["cipher", "data", "format", "iv", "kdf", "tag", "version"]);
    expect(v).toMatchObject({ format: "ibi-entra-vault", version: 1, cipher: "aes-256-gcm", kdf: { name: "scrypt", N: DEFAULT_SCRYPT_N, r: 8, p: 1 } });
    expect(Buffer.from(v.iv, "base64").length).toBe(12);
    expect(Buffer.from(v.tag, "base64").length).toBe(16);
    expect(Buffer.from(v.kdf.salt, "base64").length).toBeGreaterThanOrEqual(16);
  });

  it("is decryptable by an independent scrypt + AES-256-GCM implementation of the documented format", async () => {
    const file = await vaultWith({ k: "v" });
    const v = JSON.parse(fs.readFileSync(file, "utf8"));
    const key = scryptSync(PASS, Buffer.from(v.kdf.salt, "base64"), 32, { N: v.kdf.N, r: v.kdf.r, p: v.kdf.p, maxmem: 256 * 1024 * 1024 });
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(v.iv, "base64"));
    d.setAAD(Buffer.from(JSON.stringify([v.format, v.version, v.kdf.name, v.kdf.N, v.kdf.r, v.kdf.p, v.kdf.salt, v.cipher])));
    d.setAuthTag(Buffer.from(v.tag, "base64"));
    const plain = Buffer.concat([d.update(Buffer.from(v.data, "base64")), d.final()]).toString("utf8");
    expect(JSON.parse(plain)).toEqual({ k: "v" });
  });

  it("uses a fresh IV on every write, with scrypt at the documented cost", async () => {
    const file = freshFile();
    const store = new VaultStore(file, async () => PASS);
    await store.set("a", "1");
    const iv1 = JSON.parse(fs.readFileSync(file, "utf8")).iv;
    await store.set("a", "1");
    const iv2 = JSON.parse(fs.readFileSync(file, "utf8")).iv;
    expect(iv1).not.toBe(iv2);
    expect(await new VaultStore(file, async () => PASS).get("a")).toBe("1");
    // The unlock time is measured by `npm run bench`, not here (a busy machine makes any wall-clock bound flaky);
    // what keeps it fast is the cost recorded in the file.
    expect(JSON.parse(fs.readFileSync(file, "utf8")).kdf).toMatchObject({ name: "scrypt", N: 2 ** 15, r: 8, p: 1 });
  });

  it("rejects a wrong passphrase with wrong_passphrase and leaves the file byte-identical", async () => {
    const file = await vaultWith({ a: "1" });
    const before = fs.readFileSync(file);
    const store = new VaultStore(file, async () => "not the passphrase");
    for (const op of [store.get("a"), store.set("b", "2"), store.delete("a")]) {
      const e = await caught(op);
      expect(e.code).toBe("wrong_passphrase");
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(`vault passphrase is wrong for ${file}`);
      expect(e.message).not.toContain("not the passphrase");
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("asks again after a wrong passphrase, so a user can retry with the same instance", async () => {
    const file = await vaultWith({ a: "1" });
    const answers = ["typo", PASS];
    const store = new VaultStore(file, async () => answers.shift()!);
    expect((await caught(store.get("a"))).code).toBe("wrong_passphrase");
    expect(await store.get("a")).toBe("1");
  });

  it("refuses an empty passphrase when creating and when unlocking", async () => {
    const file = freshFile();
    const e = await caught(new VaultStore(file, async () => "").set("a", "1"));
    expect(e.code).toBe("empty_passphrase");
    expect(fs.existsSync(file)).toBe(false);
    const existing = await vaultWith({ a: "1" });
    expect((await caught(new VaultStore(existing, async () => "").get("a"))).code).toBe("empty_passphrase");
  });

  it("refuses a new vault's passphrase under 12 characters unless acknowledged, and never checks it when unlocking", async () => {
    const file = freshFile();
    const e = await caught(new VaultStore(file, async () => "elevenchars").set("a", "1"));
    expect(e.code).toBe("weak_passphrase");
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("has 11 characters: use at least 12");
    expect(fs.existsSync(file)).toBe(false);
    // twelve characters (counted as characters, not UTF-8 bytes) are enough
    expect(checkNewPassphrase("twelve-chars")).toBe(true);
    expect(checkNewPassphrase("ääääääääääää")).toBe(true);
    expect(checkNewPassphrase("äääääääääää")).not.toBe(true);

    const warnings: string[] = [];
    const weak = new VaultStore(file, async () => "short", { weakPassphrase: { acknowledged: true, warn: (m) => warnings.push(m) } });
    await weak.set("a", "1");
    expect(warnings).toEqual([expect.stringContaining("shorter than 12 characters (accepted as acknowledged)")]);
    // opening the existing vault with its short passphrase: no check, no warning
    expect(await new VaultStore(file, async () => "short").get("a")).toBe("1");
  });

  it("reports a truncated, empty or non-vault file as vault_corrupt and leaves it untouched", async () => {
    const file = await vaultWith({ a: "1" });
    const full = fs.readFileSync(file);
    const variants: Buffer[] = [full.subarray(0, Math.floor(full.length / 2)), Buffer.alloc(0), Buffer.from("[1,2,3]"), Buffer.from("{}")];
    for (const bytes of variants) {
      fs.writeFileSync(file, bytes);
      const asker = counting(PASS);
      const store = new VaultStore(file, asker.fn);
      for (const op of [store.get("a"), store.set("a", "2"), store.delete("a")]) {
        const e = await caught(op);
        expect(e.code).toBe("vault_corrupt");
        expect(e.exitCode).toBe(2);
        expect(e.message).toContain(file);
      }
      expect(asker.calls).toEqual([]); // damage is found before anyone is asked for a passphrase
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    }
  });

  it("detects a flipped ciphertext bit and leaves the file untouched", async () => {
    const file = await vaultWith({ a: "1" });
    const v = JSON.parse(fs.readFileSync(file, "utf8"));
    const data = Buffer.from(v.data, "base64");
    data[0]! ^= 1;
    v.data = data.toString("base64");
    const tampered = JSON.stringify(v);
    fs.writeFileSync(file, tampered);
    const e = await caught(new VaultStore(file, async () => PASS).get("a"));
    expect(["wrong_passphrase", "vault_corrupt"]).toContain(e.code);
    expect(fs.readFileSync(file, "utf8")).toBe(tampered);
  });

  it("detects tampered KDF parameters: in-range edits fail authentication, out-of-range ones are refused unread", async () => {
    const file = await vaultWith({ a: "1" });
    type VaultFile = { version: number; cipher: string; tag: string; note?: string; kdf: { name: string; N: number; r: number; p: number; salt: string } };
    const original = JSON.parse(fs.readFileSync(file, "utf8")) as VaultFile;
    const edits: Array<[string, (v: VaultFile) => void, string]> = [
      ["weaker N", (v) => (v.kdf.N = 16384), "wrong_passphrase"],
      ["other r", (v) => (v.kdf.r = 4), "wrong_passphrase"],
      ["other p", (v) => (v.kdf.p = 2), "wrong_passphrase"],
      ["other salt", (v) => (v.kdf.salt = Buffer.alloc(16, 7).toString("base64")), "wrong_passphrase"],
      ["huge N (memory/time bomb)", (v) => (v.kdf.N = 2 ** 30), "vault_corrupt"],
      ["N not a power of two", (v) => (v.kdf.N = 30000), "vault_corrupt"],
      ["other kdf", (v) => (v.kdf.name = "pbkdf2"), "vault_corrupt"],
      ["other cipher", (v) => (v.cipher = "aes-128-gcm"), "vault_corrupt"],
      ["newer version", (v) => (v.version = 2), "vault_corrupt"],
      ["extra field", (v) => (v.note = "hi"), "vault_corrupt"],
      ["short tag", (v) => (v.tag = Buffer.alloc(4).toString("base64")), "vault_corrupt"],
    ];
    for (const [label, edit, code] of edits) {
      const v = structuredClone(original);
      edit(v);
      const text = JSON.stringify(v);
      fs.writeFileSync(file, text);
      const e = await caught(new VaultStore(file, async () => PASS).get("a"));
      expect(e.code, label).toBe(code);
      expect(fs.readFileSync(file, "utf8"), label).toBe(text);
    }
    fs.writeFileSync(file, JSON.stringify(original));
    expect(await new VaultStore(file, async () => PASS).get("a")).toBe("1");
  });

  it("deletes entries, reports absent ones, and keeps the empty vault after the last one", async () => {
    const file = await vaultWith({ a: "1", b: "2" });
    const store = new VaultStore(file, async () => PASS);
    expect(await store.delete("a")).toBe(true);
    expect(await store.delete("a")).toBe(false);
    expect(await store.get("a")).toBeNull();
    expect(await store.get("b")).toBe("2");
    expect(await store.delete("b")).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    // still locked with the same passphrase
    expect((await caught(new VaultStore(file, async () => "other").get("b"))).code).toBe("wrong_passphrase");
    const reopened = counting(PASS);
    const again = new VaultStore(file, reopened.fn);
    expect(await again.get("b")).toBeNull();
    await again.set("c", "3");
    expect(reopened.calls).toEqual([{ file, creating: false }]);
    expect(await new VaultStore(freshFile(), async () => PASS).delete("x")).toBe(false);
  });

  it("names the vault path when its folder cannot be created", async () => {
    const blocker = path.join(tmp, "blocker");
    fs.writeFileSync(blocker, "x");
    const e = await caught(new VaultStore(path.join(blocker, "vault.json"), async () => PASS).set("a", "1"));
    expect(e.code).toBe("home_not_writable");
    expect(e.message).toContain(blocker);
  });
});

describe("passphraseFromEnv", () => {
  it("prefers IBI_ENTRA_VAULT_PASSPHRASE", async () => {
    expect(await passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE: "p1", IBI_ENTRA_VAULT_PASSPHRASE_FILE: "/nonexistent" })).toBe("p1");
  });

  it("reads IBI_ENTRA_VAULT_PASSPHRASE_FILE, stripping one trailing newline only", async () => {
    const f = path.join(tmp, "pass.txt");
    fs.writeFileSync(f, "  spaced pass \n");
    expect(await passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE_FILE: f })).toBe("  spaced pass ");
    fs.writeFileSync(f, "crlf\r\n");
    expect(await passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE_FILE: f })).toBe("crlf");
    fs.writeFileSync(f, "two\n\n");
    expect(await passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE_FILE: f })).toBe("two\n");
  });

  it("unlocks a vault created with the passphrase from a file", async () => {
    const f = path.join(tmp, "pass2.txt");
    fs.writeFileSync(f, `${PASS}\n`);
    const file = await vaultWith({ a: "1" });
    const store = new VaultStore(file, async () => (await passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE_FILE: f }))!);
    expect(await store.get("a")).toBe("1");
  });

  it("returns undefined when neither variable is set", async () => {
    expect(await passphraseFromEnv({})).toBeUndefined();
    expect(await passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE: "" })).toBeUndefined();
  });

  it("names the variable when the file cannot be read or is empty", async () => {
    const missing = path.join(tmp, "no-such-pass");
    const e = await caught(passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE_FILE: missing }));
    expect(e.code).toBe("passphrase_file_unreadable");
    expect(e.message).toContain("IBI_ENTRA_VAULT_PASSPHRASE_FILE");
    expect(e.message).toContain(missing);
    const empty = path.join(tmp, "empty-pass");
    fs.writeFileSync(empty, "\n");
    const e2 = await caught(passphraseFromEnv({ IBI_ENTRA_VAULT_PASSPHRASE_FILE: empty }));
    expect(e2.code).toBe("empty_passphrase");
    expect(e2.message).toContain("IBI_ENTRA_VAULT_PASSPHRASE_FILE");
  });
});
