// Private keys in one passphrase-encrypted file, for machines without a usable OS keychain (headless servers,
// SSH sessions without a Secret Service). scrypt derives the key, AES-256-GCM encrypts the whole name → secret
// map and authenticates the header, so a wrong passphrase, a flipped bit or edited KDF parameters never yield data.

import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { ExitCode, IbiError } from "../../errors.js";
import { ensurePrivateDir, readFileIfExists, writeFileAtomic } from "../fs-atomic.js";
import type { SecretStore } from "./types.js";

const FORMAT = "ibi-entra-vault";
const VERSION = 1;
const CIPHER = "aes-256-gcm";
/** 2^15 with r=8: ~90 ms to unlock on the 2-core build machines (2^16 took ~180 ms). */
export const DEFAULT_SCRYPT_N = 32768;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
// Limits on parameters read from a file, so an edited header cannot make unlocking take gigabytes or minutes.
const MAX_N = 2 ** 20;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const MAX_P = 4;

interface KdfParams {
  name: "scrypt";
  N: number;
  r: number;
  p: number;
  salt: string;
}

interface VaultFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  kdf: KdfParams;
  cipher: typeof CIPHER;
  iv: string;
  tag: string;
  data: string;
}

export interface PassphraseRequest {
  /** the vault file the passphrase is for */
  file: string;
  /** true when the vault does not exist yet and this passphrase will create it (a UI may ask twice to confirm) */
  creating: boolean;
}

export interface VaultStoreOptions {
  /** scrypt cost for a new vault (power of two, 2^14..2^20). */
  scryptN?: number;
  /**
   * A new vault's passphrase shorter than MIN_NEW_PASSPHRASE_LENGTH is refused unless the user acknowledged it
   * (IBI_ENTRA_WEAK_PASSPHRASE=1, --weak-passphrase); `warn` then hears about it. Unlocking is never checked.
   */
  weakPassphrase?: { acknowledged: boolean; warn?: (message: string) => void };
}

/** The shortest passphrase a NEW vault accepts: the vault file is offline-attackable once copied, scrypt or not. */
export const MIN_NEW_PASSPHRASE_LENGTH = 12;

/** true, or why `passphrase` is too weak for a new vault (counted in characters, not bytes). */
export function checkNewPassphrase(passphrase: string): true | string {
  const length = [...passphrase.normalize("NFC")].length;
  return length >= MIN_NEW_PASSPHRASE_LENGTH
    ? true
    : `the new vault passphrase has ${length} character${length === 1 ? "" : "s"}: use at least ${MIN_NEW_PASSPHRASE_LENGTH}`;
}

function corrupt(file: string, detail: string): IbiError {
  return new IbiError("vault_corrupt", `vault file ${file} is damaged: ${detail}`, {
    hint: "The file was left untouched. Restore it from a backup, or move it aside and enrol the certificate again.",
    exitCode: ExitCode.usage,
  });
}

function wrongPassphrase(file: string): IbiError {
  return new IbiError("wrong_passphrase", `vault passphrase is wrong for ${file}`, {
    hint: "Enter the passphrase the vault was created with (scripts: IBI_ENTRA_VAULT_PASSPHRASE or IBI_ENTRA_VAULT_PASSPHRASE_FILE). If it is right, the file was modified and cannot be trusted.",
    exitCode: ExitCode.usage,
  });
}

function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  const salt = Buffer.from(kdf.salt, "base64");
  const maxmem = 128 * kdf.N * kdf.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize("NFC"), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Everything but the ciphertext and tag, in a fixed order: authenticated as AES-GCM additional data. */
function headerAad(v: Pick<VaultFile, "format" | "version" | "kdf" | "cipher">): Buffer {
  return Buffer.from(JSON.stringify([v.format, v.version, v.kdf.name, v.kdf.N, v.kdf.r, v.kdf.p, v.kdf.salt, v.cipher]), "utf8");
}

function strictBase64(value: unknown, bytes?: { min: number; max?: number }): Buffer | undefined {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  const buf = Buffer.from(value, "base64");
  if (buf.toString("base64") !== value) return undefined;
  if (bytes && (buf.length < bytes.min || buf.length > (bytes.max ?? bytes.min))) return undefined;
  return buf;
}

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function parseVault(file: string, raw: Buffer): VaultFile {
  if (raw.length === 0) throw corrupt(file, "it is empty");
  let v: unknown;
  try {
    v = JSON.parse(raw.toString("utf8"));
  } catch {
    throw corrupt(file, "it is not valid JSON (truncated?)");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw corrupt(file, "it is not a vault object");
  const o = v as Record<string, unknown>;
  if (o.format !== FORMAT) throw corrupt(file, `"format" is not "${FORMAT}"`);
  if (o.version !== VERSION)
    throw corrupt(file, typeof o.version === "number" && o.version > VERSION ? `version ${o.version} was written by a newer ibi-entra` : `"version" is not ${VERSION}`);
  const allowed = new Set(["format", "version", "kdf", "cipher", "iv", "tag", "data"]);
  const extra = Object.keys(o).find((k) => !allowed.has(k));
  if (extra !== undefined) throw corrupt(file, `unexpected field "${extra.slice(0, 40)}"`);
  const kdf = o.kdf as Record<string, unknown> | null;
  if (typeof kdf !== "object" || kdf === null || kdf.name !== "scrypt") throw corrupt(file, '"kdf" is not scrypt');
  if (Object.keys(kdf).some((k) => !["name", "N", "r", "p", "salt"].includes(k))) throw corrupt(file, '"kdf" has unexpected fields');
  const { N, r, p } = kdf;
  if (!isInt(N, 2 ** 14, MAX_N) || (N & (N - 1)) !== 0) throw corrupt(file, "scrypt N is out of range");
  if (!isInt(r, 1, 32) || 128 * N * r > MAX_SCRYPT_MEMORY) throw corrupt(file, "scrypt r is out of range");
  if (!isInt(p, 1, MAX_P)) throw corrupt(file, "scrypt p is out of range");
  if (!strictBase64(kdf.salt, { min: 16, max: 64 })) throw corrupt(file, "the salt is not valid");
  if (o.cipher !== CIPHER) throw corrupt(file, `"cipher" is not ${CIPHER}`);
  if (!strictBase64(o.iv, { min: 12 })) throw corrupt(file, "the IV is not valid");
  if (!strictBase64(o.tag, { min: 16 })) throw corrupt(file, "the authentication tag is not valid");
  if (!strictBase64(o.data)) throw corrupt(file, "the encrypted data is not valid base64");
  return o as unknown as VaultFile;
}

export class VaultStore implements SecretStore {
  readonly kind = "file" as const;
  private key: { buf: Buffer; kdf: KdfParams } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly scryptN: number;
  private readonly weak: NonNullable<VaultStoreOptions["weakPassphrase"]>;

  /**
   * `passphrase` is called only when a secret must be decrypted or written, and again only if the vault's KDF
   * parameters change underneath (another process re-created it); the derived key is kept in this instance.
   */
  constructor(
    readonly file: string,
    private readonly passphrase: (request: PassphraseRequest) => Promise<string>,
    options: VaultStoreOptions = {},
  ) {
    this.scryptN = options.scryptN ?? DEFAULT_SCRYPT_N;
    this.weak = options.weakPassphrase ?? { acknowledged: false };
    if (!isInt(this.scryptN, 2 ** 14, MAX_N) || (this.scryptN & (this.scryptN - 1)) !== 0)
      throw new RangeError("scryptN must be a power of two between 2^14 and 2^20");
  }

  get(name: string): Promise<string | null> {
    return this.exclusive(async () => {
      const vault = await this.readVault();
      if (!vault) return null;
      const map = await this.open(vault);
      return Object.hasOwn(map, name) ? (map[name] as string) : null;
    });
  }

  set(name: string, value: string): Promise<void> {
    checkName(name);
    return this.exclusive(async () => {
      const vault = await this.readVault();
      let map: Record<string, string>;
      let key: { buf: Buffer; kdf: KdfParams };
      if (vault) {
        map = await this.open(vault);
        key = this.key!;
      } else {
        key = this.key ?? (await this.newKey());
        map = {};
      }
      map[name] = value;
      await this.seal(map, key);
      this.key = key;
    });
  }

  unlock(): Promise<void> {
    return this.exclusive(async () => {
      const vault = await this.readVault();
      if (vault) await this.open(vault);
      else this.key ??= await this.newKey();
    });
  }

  delete(name: string): Promise<boolean> {
    return this.exclusive(async () => {
      const vault = await this.readVault();
      if (!vault) return false;
      const map = await this.open(vault);
      if (!Object.hasOwn(map, name)) return false;
      delete map[name];
      // The last entry going away keeps the (empty) vault: its passphrase stays the one the user chose.
      await this.seal(map, this.key!);
      return true;
    });
  }

  // One operation at a time per instance: concurrent read-modify-writes would drop entries, and concurrent
  // first uses would ask for the passphrase twice.
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readVault(): Promise<VaultFile | undefined> {
    const raw = await readFileIfExists(this.file);
    return raw === undefined ? undefined : parseVault(this.file, raw);
  }

  private async askPassphrase(creating: boolean): Promise<string> {
    const passphrase = await this.passphrase({ file: this.file, creating });
    if (typeof passphrase !== "string" || passphrase === "")
      throw new IbiError("empty_passphrase", `vault passphrase for ${this.file} is empty: a non-empty passphrase is required`, {
        hint: "Enter a passphrase (a long phrase is best), or set IBI_ENTRA_VAULT_PASSPHRASE / IBI_ENTRA_VAULT_PASSPHRASE_FILE in scripts.",
        exitCode: ExitCode.usage,
      });
    return passphrase;
  }

  private async newKey(): Promise<{ buf: Buffer; kdf: KdfParams }> {
    const passphrase = await this.askPassphrase(true);
    const weak = checkNewPassphrase(passphrase);
    if (weak !== true) {
      if (!this.weak.acknowledged)
        throw new IbiError("weak_passphrase", `${weak}; the vault ${this.file} was not created`, {
          hint: "Choose a longer passphrase (a few words make a good one). A script that must keep a short one sets IBI_ENTRA_WEAK_PASSPHRASE=1.",
          exitCode: ExitCode.usage,
        });
      this.weak.warn?.(
        `the new vault passphrase is shorter than ${MIN_NEW_PASSPHRASE_LENGTH} characters (accepted as acknowledged): anyone with a copy of ${this.file} can try to guess it`,
      );
    }
    const kdf: KdfParams = { name: "scrypt", N: this.scryptN, r: SCRYPT_R, p: SCRYPT_P, salt: randomBytes(16).toString("base64") };
    return { buf: await deriveKey(passphrase, kdf), kdf };
  }

  /** Decrypts the map, deriving (and caching) the key if the cached one does not belong to this vault. */
  private async open(vault: VaultFile): Promise<Record<string, string>> {
    const sameKdf = (a: KdfParams, b: KdfParams) => a.N === b.N && a.r === b.r && a.p === b.p && a.salt === b.salt;
    let key = this.key && sameKdf(this.key.kdf, vault.kdf) ? this.key : undefined;
    if (!key) {
      const passphrase = await this.askPassphrase(false);
      const kdf: KdfParams = { name: "scrypt", N: vault.kdf.N, r: vault.kdf.r, p: vault.kdf.p, salt: vault.kdf.salt };
      key = { buf: await deriveKey(passphrase, kdf), kdf };
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(CIPHER, key.buf, Buffer.from(vault.iv, "base64"), { authTagLength: 16 });
      decipher.setAAD(headerAad(vault));
      decipher.setAuthTag(Buffer.from(vault.tag, "base64"));
      plain = Buffer.concat([decipher.update(Buffer.from(vault.data, "base64")), decipher.final()]);
    } catch {
      if (this.key === key) this.key = undefined;
      // GCM cannot tell a wrong key from altered bytes; with a fresh passphrase the likely cause is the passphrase.
      throw wrongPassphrase(this.file);
    }
    this.key = key;
    try {
      const map: unknown = JSON.parse(plain.toString("utf8"));
      if (typeof map !== "object" || map === null || Array.isArray(map) || Object.values(map).some((s) => typeof s !== "string"))
        throw new Error("not a map of strings");
      return Object.assign(Object.create(null), map) as Record<string, string>;
    } catch {
      throw corrupt(this.file, "the decrypted content is not a map of secrets");
    } finally {
      plain.fill(0);
    }
  }

  private async seal(map: Record<string, string>, key: { buf: Buffer; kdf: KdfParams }): Promise<void> {
    const iv = randomBytes(12); // fresh for every write: GCM must never reuse an IV under one key
    const header = { format: FORMAT, version: VERSION, kdf: key.kdf, cipher: CIPHER } as const;
    const cipher = createCipheriv(CIPHER, key.buf, iv, { authTagLength: 16 });
    cipher.setAAD(headerAad(header));
    const plain = Buffer.from(JSON.stringify(map), "utf8");
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    plain.fill(0);
    const out: VaultFile = { ...header, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
    await ensurePrivateDir(path.dirname(this.file));
    await writeFileAtomic(this.file, `${JSON.stringify(out, null, 2)}\n`);
  }
}

function checkName(name: string): void {
  if (name === "") throw new IbiError("invalid_secret_name", "secret name is empty: use a non-empty name", { hint: "this is a bug in ibi-entra; please report it with the command you ran" });
}

/**
 * The vault passphrase for non-interactive use: IBI_ENTRA_VAULT_PASSPHRASE, else the contents of the file named
 * by IBI_ENTRA_VAULT_PASSPHRASE_FILE (one trailing newline stripped). undefined when neither is set.
 */
export async function passphraseFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const direct = env.IBI_ENTRA_VAULT_PASSPHRASE;
  if (direct !== undefined && direct !== "") return direct;
  const file = env.IBI_ENTRA_VAULT_PASSPHRASE_FILE;
  if (file === undefined || file === "") return undefined;
  const text = await readPassphraseFile(file);
  const passphrase = text.replace(/\r?\n$/, "");
  if (passphrase === "")
    throw new IbiError("empty_passphrase", `IBI_ENTRA_VAULT_PASSPHRASE_FILE names ${file}, which is empty: it must hold the vault passphrase`, {
      hint: "Write the passphrase into the file (one line), or unset IBI_ENTRA_VAULT_PASSPHRASE_FILE.",
      exitCode: ExitCode.usage,
    });
  return passphrase;
}

/** A passphrase is a line, not a file's worth: more than this is a wrong path (or /dev/zero), refused at once. */
export const MAX_PASSPHRASE_FILE_BYTES = 4096;

async function readPassphraseFile(file: string): Promise<string> {
  const unreadable = (why: string) =>
    new IbiError("passphrase_file_unreadable", `IBI_ENTRA_VAULT_PASSPHRASE_FILE names ${file}, which cannot be read (${why})`, {
      hint: "Point IBI_ENTRA_VAULT_PASSPHRASE_FILE at a readable file holding the vault passphrase, or unset it.",
      exitCode: ExitCode.usage,
    });
  let fh;
  try {
    // Without blocking: a FIFO nobody writes to must not hang a service at start.
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw unreadable((e as NodeJS.ErrnoException).code ?? "error");
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw unreadable("it is not a regular file");
    if (st.size > MAX_PASSPHRASE_FILE_BYTES)
      throw new IbiError("passphrase_file_unreadable", `IBI_ENTRA_VAULT_PASSPHRASE_FILE names ${file}, which is larger than ${MAX_PASSPHRASE_FILE_BYTES} bytes: it must hold only the vault passphrase`, {
        hint: "Write just the passphrase into the file (one line), or point the variable at the right file.",
        exitCode: ExitCode.usage,
      });
    const buf = Buffer.alloc(MAX_PASSPHRASE_FILE_BYTES + 1);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead > MAX_PASSPHRASE_FILE_BYTES) throw unreadable("it grew while being read");
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}
