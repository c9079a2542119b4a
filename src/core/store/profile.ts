// A profile is one IBI-aws ↔ Entra ID connection: its certificates (public parts in an index file, private
// keys in a secret store) and its settings (the guide's Tenant ID, Application ID, cloud), which are saved
// CMS-encrypted to every certificate of the profile so that a rotation never locks the admin out.
import { randomUUID } from "node:crypto";
import { homedir, hostname } from "node:os";
import { join, resolve } from "node:path";
import { CLOUD_HOSTS } from "../clouds.js";
import { generateCertificate, type KeySize } from "../crypto/generate.js";
import { toPfx } from "../crypto/pfx.js";
import { describeCertificate, exportPublicCertificate, type CertificateInfo, type CertificateMaterial, type PublicFormat } from "../crypto/x509.js";
import { decryptWithKey, encryptForCertificates, isCmsPem } from "../crypto/cms.js";
import { IbiError, type SettingField } from "../errors.js";
import { ensurePrivateDir, readFileIfExists, tightenModes, writeFileAtomic } from "./fs-atomic.js";
import { withProfileLock } from "./lock.js";
import {
  KeychainStore,
  VaultStore,
  chooseSecretStoreKind,
  passphraseFromEnv,
  type SecretStore,
  type SecretStoreKind,
  type StoreChoice,
} from "./secret-store/index.js";
import {
  CLOUDS,
  normaliseHost,
  printable,
  validateApplicationId,
  validateCloud,
  validateHttpsHost,
  validateTenantId,
  type Cloud,
} from "../validate.js";

export interface ProfileLocation {
  home: string;
  name: string;
  dir: string;
  /** the variable `home` comes from (for hints when it cannot be written) */
  source?: "IBI_ENTRA_HOME" | "XDG_CONFIG_HOME" | "HOME";
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateProfileName(name: string): true | string {
  return PROFILE_NAME.test(name)
    ? true
    : `profile "${printable(name)}" is not valid: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`;
}

export function resolveProfileLocation(env: NodeJS.ProcessEnv = process.env, name = "default"): ProfileLocation {
  const valid = validateProfileName(name);
  if (valid !== true) throw new IbiError("invalid_profile", valid, { hint: "name the profile, e.g. default", next: [{ action: "setInput", field: "profile" }] });
  let home: string;
  let source: ProfileLocation["source"];
  if (env.IBI_ENTRA_HOME) [home, source] = [resolve(env.IBI_ENTRA_HOME), "IBI_ENTRA_HOME"];
  else if (env.XDG_CONFIG_HOME) [home, source] = [join(resolve(env.XDG_CONFIG_HOME), "ibi-entra"), "XDG_CONFIG_HOME"];
  else [home, source] = [join(env.HOME || homedir(), ".config", "ibi-entra"), "HOME"];
  return { home, name, dir: join(home, name), source };
}

/** A write refused in the profile's folder, with a hint naming the variable that chose the folder. */
function withHomeHint(e: unknown, location: ProfileLocation): unknown {
  if (!(e instanceof IbiError) || e.code !== "home_not_writable") return e;
  const hint =
    location.source === "IBI_ENTRA_HOME"
      ? `IBI_ENTRA_HOME is ${location.home}: make that folder writable, or point IBI_ENTRA_HOME at a writable folder`
      : location.source === "XDG_CONFIG_HOME"
        ? `the profiles are in ${location.home} (from XDG_CONFIG_HOME): make it writable, or point IBI_ENTRA_HOME at a writable folder`
        : location.source === "HOME"
          ? `the profiles are in ${location.home} (from HOME): make it writable, or point IBI_ENTRA_HOME at a writable folder`
          : e.hint;
  return new IbiError("home_not_writable", e.message, { hint, exitCode: e.exitCode, cause: e.cause ?? e });
}

export interface Settings {
  tenantId?: string;
  applicationId?: string;
  cloud: Cloud;
  authorityHost?: string;
  graphHost?: string;
  /** undefined = on once a certificate exists (the guide recommends it). */
  encryption?: "on" | "off";
}

export interface CertificateView extends CertificateInfo {
  active: boolean;
  store: SecretStoreKind;
}

export interface DeleteCertificateOptions {
  /** confirms deleting the active certificate (and, with guardLast, the last one) */
  force?: boolean;
  /**
   * The last certificate needs `force` too: deleting it leaves nothing to sign in with and turns the encrypted
   * configuration into plain JSON. For front ends that did not ask already (the CLI); the dashboard's dialog does.
   */
  guardLast?: boolean;
}

/** Something the user should know that is not an error: the CLI prints it on stderr, the dashboard may show it. */
export interface ProfileNotice {
  code: "permissions_tightened" | "weak_passphrase";
  message: string;
}

export interface ProfileOptions {
  env?: NodeJS.ProcessEnv;
  /** Asked only when the vault must be opened; the CLI reads env or prompts, the dashboard shows a dialog. */
  passphrase?: (purpose: "unlock" | "create") => Promise<string>;
  /** The user acknowledged a new vault passphrase shorter than 12 characters (also IBI_ENTRA_WEAK_PASSPHRASE=1). */
  allowWeakPassphrase?: boolean;
  onNotice?: (notice: ProfileNotice) => void;
}

interface IndexEntry {
  thumbprintSha1: string;
  thumbprintSha256: string;
  certPem: string;
  active: boolean;
  store: SecretStoreKind;
  addedAt: string;
}

/** A private key being stored right now: recorded before the key goes into the store, removed once the certificate is in the index. */
interface PendingKey {
  thumbprintSha256: string;
  store: SecretStoreKind;
  owner: { pid: number; host: string; since: string };
}

interface CertificateIndex {
  format: "ibi-entra-certificates";
  version: 1;
  /** Keeps keychain entries of different homes/profiles apart (the keychain is per user, not per folder). */
  namespace: string;
  certificates: IndexEntry[];
  /** keys whose certificate is not in `certificates` yet; a process killed meanwhile leaves one, which a later run removes */
  pending?: PendingKey[];
}

const INDEX_FILE = "certificates.json";
const CONFIG_FILE = "config";
const VAULT_FILE = "vault";

export const PROFILE_FILES = { index: INDEX_FILE, config: CONFIG_FILE, vault: VAULT_FILE } as const;

function keyName(thumbprintSha256: string): string {
  return `key-${thumbprintSha256}`;
}

export class Profile {
  readonly location: ProfileLocation;
  private readonly env: NodeJS.ProcessEnv;
  private readonly askPassphrase: ProfileOptions["passphrase"];
  private readonly allowWeakPassphrase: boolean;
  private readonly notice: (notice: ProfileNotice) => void;
  private index: CertificateIndex;
  /** by kind, and for the keychain by namespace too (a re-read index may bring the namespace another process chose) */
  private readonly stores = new Map<string, SecretStore>();
  private choice: Promise<StoreChoice> | undefined;
  /** in-process queue in front of the profile's lock file (the dashboard may start a save while a generate runs) */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(location: ProfileLocation, index: CertificateIndex, opts: ProfileOptions) {
    this.location = location;
    this.index = index;
    this.env = opts.env ?? process.env;
    this.askPassphrase = opts.passphrase;
    this.allowWeakPassphrase = opts.allowWeakPassphrase === true || this.env.IBI_ENTRA_WEAK_PASSPHRASE === "1";
    this.notice = opts.onNotice ?? (() => undefined);
  }

  static async open(location: ProfileLocation, opts: ProfileOptions = {}): Promise<Profile> {
    // Before anything is read: a folder or key file others can read is closed at once, and said so.
    const tightened = await tightenModes(location.dir, Object.values(PROFILE_FILES));
    if (tightened.length)
      opts.onNotice?.({
        code: "permissions_tightened",
        message: `tightened permissions in ${location.dir} (others could read them): ${tightened.map((t) => `${t.name} ${octal(t.from)} -> ${octal(t.to)}`).join(", ")}`,
      });
    const profile = new Profile(location, await readIndex(location), opts);
    // Whatever a killed process left half-done is cleaned up by the next command, whichever it is.
    if (profile.stalePending().length) await profile.locked("remove keys a stopped process left", async () => undefined);
    return profile;
  }

  /**
   * Every read-modify-write of the profile's files runs here: under the profile's lock (other processes), after the
   * in-process queue, and on a fresh read of the certificate index (another process may have changed it since).
   */
  private locked<T>(purpose: string, fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await ensurePrivateDir(this.location.dir);
      const timeoutMs = Number(this.env.IBI_ENTRA_LOCK_TIMEOUT_MS) || undefined;
      return withProfileLock(this.location.dir, { purpose, timeoutMs }, async () => {
        this.index = await readIndex(this.location, this.index.namespace);
        await this.sweepPending();
        return fn();
      });
    }).catch((e: unknown) => {
      throw withHomeHint(e, this.location);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads the certificate index again (another process may have changed it). */
  async reload(): Promise<void> {
    this.index = await readIndex(this.location, this.index.namespace);
  }

  get path(): { index: string; config: string; vault: string } {
    return {
      index: join(this.location.dir, INDEX_FILE),
      config: join(this.location.dir, CONFIG_FILE),
      vault: join(this.location.dir, VAULT_FILE),
    };
  }

  /** Which store new private keys go to, and why (memoised: detection may probe D-Bus in a child process). */
  storeChoice(): Promise<StoreChoice> {
    return (this.choice ??= chooseSecretStoreKind(this.env));
  }

  listCertificates(now = new Date()): CertificateView[] {
    return this.index.certificates.map((e) => view(e, now));
  }

  activeCertificate(now = new Date()): CertificateView | undefined {
    const e = this.index.certificates.find((c) => c.active);
    return e && view(e, now);
  }

  findCertificate(ref: string): CertificateView {
    return view(this.entry(ref), new Date());
  }

  private entry(ref: string): IndexEntry {
    const want = ref.replace(/:/g, "").trim().toUpperCase();
    if (!/^[0-9A-F]{4,64}$/.test(want))
      throw new IbiError("invalid_thumbprint", `thumbprint "${printable(ref)}" is not valid: give a SHA-1 or SHA-256 thumbprint or a prefix of at least 4 hex digits`, {
        hint: "see which certificates there are",
        next: [{ action: "listCertificates" }],
      });
    const hits = this.index.certificates.filter((c) => c.thumbprintSha1.startsWith(want) || c.thumbprintSha256.startsWith(want));
    if (hits.length === 1) return hits[0]!;
    if (hits.length === 0)
      throw new IbiError("unknown_certificate", `no certificate in profile "${this.location.name}" has a thumbprint starting with ${want}`, {
        hint: "see which certificates there are",
        next: [{ action: "listCertificates" }],
      });
    throw new IbiError("ambiguous_certificate", `thumbprint prefix ${want} matches ${hits.length} certificates: give more digits`, {
      hint: "see which certificates there are",
      next: [{ action: "listCertificates" }],
    });
  }

  async generateCertificate(opts: { keySize?: KeySize; subject?: string; days?: number } = {}): Promise<CertificateView> {
    // RSA key generation and opening the secret store (store detection, the vault's scrypt) both wait on
    // OpenSSL/libuv threads: run them side by side.
    const [material] = await Promise.all([generateCertificate(opts), this.prepareStore()]);
    return this.addCertificate(material);
  }

  async importCertificate(material: CertificateMaterial): Promise<CertificateView> {
    // The store is opened first (a new vault's passphrase checked) so a refusal leaves no folder or pending record.
    await this.prepareStore();
    return this.addCertificate(material);
  }

  private async prepareStore(): Promise<void> {
    const store = await this.store((await this.storeChoice()).kind);
    await store.unlock?.();
  }

  private addCertificate(material: CertificateMaterial): Promise<CertificateView> {
    return this.locked("add a certificate", () => this.addCertificateLocked(material));
  }

  private async addCertificateLocked(material: CertificateMaterial): Promise<CertificateView> {
    const info = describeCertificate(material.certPem);
    if (this.index.certificates.some((c) => c.thumbprintSha256 === info.thumbprintSha256))
      throw new IbiError("duplicate_certificate", `certificate ${info.thumbprintSha1} is already in profile "${this.location.name}"`, {
        hint: "see which certificates there are",
        next: [{ action: "listCertificates" }],
      });
    // Read the settings with the current keys before the set of recipients changes.
    const settings = await this.readSettingsIfAny();
    const choice = await this.storeChoice();
    const store = await this.store(choice.kind);
    const name = keyName(info.thumbprintSha256);
    // The key is recorded as pending before it is stored: if this process dies before the certificate is in the
    // index, the next run finds the key through this record and removes it (no key nothing lists).
    const pending: PendingKey = { thumbprintSha256: info.thumbprintSha256, store: choice.kind, owner: { pid: process.pid, host: hostname(), since: new Date().toISOString() } };
    const withoutIt = (list: PendingKey[] | undefined) => (list ?? []).filter((p) => p.thumbprintSha256 !== info.thumbprintSha256);
    await this.writeIndex({ ...this.index, pending: [...withoutIt(this.index.pending), pending] });
    const entry: IndexEntry = {
      thumbprintSha1: info.thumbprintSha1,
      thumbprintSha256: info.thumbprintSha256,
      certPem: material.certPem,
      active: this.index.certificates.length === 0,
      store: choice.kind,
      addedAt: new Date().toISOString(),
    };
    try {
      await store.set(name, material.keyPem);
      await this.writeIndex({ ...this.index, certificates: [...this.index.certificates, entry], pending: withoutIt(this.index.pending) });
    } catch (e) {
      await store.delete(name).catch(() => false);
      await this.writeIndex({ ...this.index, pending: withoutIt(this.index.pending) }).catch(() => undefined);
      throw e;
    }
    // Re-encrypt so the new certificate can open the settings too (and encryption starts with the first one).
    if (settings) await this.writeSettings(settings.settings);
    return view(entry, new Date());
  }

  /**
   * Keys of this profile in the OS keychain that neither a certificate nor a pending record names (left by a crash of
   * an older version, or by hand): `doctor` lists them, `doctor --fix` removes them. Empty without a keychain.
   */
  async keychainOrphans(): Promise<string[]> {
    const store = await this.store("keychain");
    if (!(store instanceof KeychainStore)) return [];
    const known = new Set([...this.index.certificates.map((c) => c.thumbprintSha256), ...(this.index.pending ?? []).map((p) => p.thumbprintSha256)]);
    return (await store.list()).filter((name) => name.startsWith("key-") && !known.has(name.slice(4))).map((name) => name.slice(4));
  }

  /** Removes the keychain orphans (re-checked under the profile's lock); returns the SHA-256 thumbprints removed. */
  async removeKeychainOrphans(): Promise<string[]> {
    return this.locked("remove keys no certificate names", async () => {
      const orphans = await this.keychainOrphans();
      const store = await this.store("keychain");
      for (const tp of orphans) await store.delete(keyName(tp));
      return orphans;
    });
  }

  /** Pending keys left by a process that is gone (killed while storing a key): removed with their key. */
  private stalePending(): PendingKey[] {
    const host = hostname();
    return (this.index.pending ?? []).filter((p) => p.owner.host === host && p.owner.pid !== process.pid && !processAlive(p.owner.pid));
  }

  private async sweepPending(): Promise<void> {
    const stale = this.stalePending();
    if (stale.length === 0) return;
    const removed = new Set<string>();
    for (const p of stale) {
      // A key whose certificate did make it into the index is kept (the process died after completing it).
      if (this.index.certificates.some((c) => c.thumbprintSha256 === p.thumbprintSha256)) {
        removed.add(p.thumbprintSha256);
        continue;
      }
      try {
        await (await this.store(p.store)).delete(keyName(p.thumbprintSha256));
        removed.add(p.thumbprintSha256);
      } catch {
        // the store cannot be reached now (keychain locked, vault passphrase not given): a later run tries again
      }
    }
    if (removed.size) await this.writeIndex({ ...this.index, pending: (this.index.pending ?? []).filter((p) => !removed.has(p.thumbprintSha256)) });
  }

  async activateCertificate(ref: string): Promise<CertificateView> {
    this.entry(ref); // a bad reference is reported before the folder is touched
    return this.locked("activate a certificate", async () => {
      const target = this.entry(ref);
      const certificates = this.index.certificates.map((c) => ({ ...c, active: c.thumbprintSha256 === target.thumbprintSha256 }));
      await this.writeIndex({ ...this.index, certificates });
      return view({ ...target, active: true }, new Date());
    });
  }

  async deleteCertificate(ref: string, opts: DeleteCertificateOptions = {}): Promise<CertificateView> {
    this.entry(ref);
    return this.locked("delete a certificate", () => this.deleteCertificateLocked(ref, opts));
  }

  private async deleteCertificateLocked(ref: string, opts: DeleteCertificateOptions): Promise<CertificateView> {
    const target = this.entry(ref);
    // Decided on the index read under the lock: another process may have added or removed one meanwhile.
    const last = this.index.certificates.length === 1;
    if (last && opts.guardLast && !opts.force) {
      const encrypted = (await this.settingsFileState()) === "encrypted"; // from the file: no passphrase asked for an error
      throw new IbiError(
        "certificate_last",
        `certificate ${target.thumbprintSha1} is the last one of profile "${this.location.name}": without it nothing can sign in${encrypted ? ", and the configuration will no longer be encrypted (it is saved as plain JSON)" : ""}`,
        { hint: "generate or import its successor first", next: [{ action: "generateCertificate" }, { action: "overwrite" }] },
      );
    }
    if (target.active && !opts.force)
      throw new IbiError("certificate_active", `certificate ${target.thumbprintSha1} is the active one: IBI-aws cannot sign in until another one is active`, {
        hint: "activate another certificate first",
        next: [{ action: "activateCertificate" }, { action: "overwrite" }],
      });
    const settings = await this.readSettingsIfAny();
    const remaining = this.index.certificates.filter((c) => c.thumbprintSha256 !== target.thumbprintSha256);
    // Settings first (encrypted to the remaining certificates), then the index, then the key: a kill between
    // steps never leaves settings that no remaining key can open.
    if (settings) await this.writeSettings(settings.settings, remaining);
    await this.writeIndex({ ...this.index, certificates: remaining });
    const store = await this.store(target.store);
    await store.delete(keyName(target.thumbprintSha256));
    return view({ ...target, active: false }, new Date());
  }

  exportPublicCertificate(ref: string, format: PublicFormat): Buffer {
    return exportPublicCertificate(this.entry(ref).certPem, format);
  }

  async exportPfx(ref: string, password: string): Promise<Buffer> {
    const entry = this.entry(ref);
    const keyPem = await this.loadPrivateKey(ref);
    return toPfx({ certPem: entry.certPem, keyPem }, password);
  }

  async loadPrivateKey(ref: string): Promise<string> {
    const entry = this.entry(ref);
    const store = await this.store(entry.store);
    const key = await store.get(keyName(entry.thumbprintSha256));
    if (key === null)
      throw new IbiError(
        "private_key_missing",
        `the private key of certificate ${entry.thumbprintSha1} is not in the ${entry.store === "keychain" ? "keychain" : "vault"}`,
        {
          hint:
            entry.store === "keychain"
              ? "was it created under another user or desktop session? Import the PFX again"
              : `is IBI_ENTRA_HOME pointing at the right folder (${this.location.dir})? Import the PFX again`,
          next: [{ action: "importCertificate" }],
        },
      );
    return key;
  }

  /** Settings as saved; defaults when nothing was saved yet. */
  async readSettings(): Promise<Settings> {
    return (await this.readSettingsIfAny())?.settings ?? { cloud: "global" };
  }

  async saveSettings(next: Settings): Promise<Settings> {
    const clean = checkSettings(next);
    return this.locked("save the settings", async () => {
      await this.writeSettings(clean);
      return clean;
    });
  }

  /**
   * Changes the saved settings as `change` says, reading them under the profile's lock: two processes that each set
   * one field both keep their change. Returns the settings before and after.
   */
  async updateSettings(change: (current: Settings) => Settings): Promise<{ before: Settings; after: Settings }> {
    checkSettings(change({ cloud: "global" })); // bad values are refused before the folder is touched
    return this.locked("save the settings", async () => {
      const before = (await this.readSettingsIfAny())?.settings ?? { cloud: "global" };
      const after = checkSettings(change(before));
      await this.writeSettings(after);
      return { before, after };
    });
  }

  encryptionState(settings: Settings, certificates: readonly unknown[] = this.index.certificates): { encrypted: boolean; reason: string } {
    if (settings.encryption === "off") return { encrypted: false, reason: "turned off in the settings (encryption off)" };
    if (certificates.length === 0)
      return { encrypted: false, reason: "no certificate yet: the file is encrypted as soon as one is generated or imported" };
    return { encrypted: true, reason: `CMS-encrypted to ${certificates.length} certificate${certificates.length === 1 ? "" : "s"} of this profile` };
  }

  resolveHosts(settings: Settings): { authorityHost: string; graphHost: string } {
    const base = CLOUD_HOSTS[settings.cloud];
    return { authorityHost: settings.authorityHost ?? base.authorityHost, graphHost: settings.graphHost ?? base.graphHost };
  }

  /** Whether the settings file on disk is encrypted right now (for `config show` and `doctor`). */
  async settingsFileState(): Promise<"missing" | "plain" | "encrypted"> {
    const raw = await readFileIfExists(this.path.config);
    if (raw === undefined) return "missing";
    return isCmsPem(raw.toString("utf8")) ? "encrypted" : "plain";
  }

  private async readSettingsIfAny(): Promise<{ settings: Settings } | undefined> {
    const file = this.path.config;
    const raw = await readFileIfExists(file);
    if (raw === undefined) return undefined;
    let text = raw.toString("utf8");
    if (isCmsPem(text)) text = await this.decryptSettings(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw corrupt(file, "it is neither JSON nor a CMS-encrypted file");
    }
    if (!parsed || typeof parsed !== "object" || (parsed as { format?: unknown }).format !== "ibi-entra-config")
      throw corrupt(file, "it is not an ibi-entra configuration");
    const { format: _format, version, ...rest } = parsed as Record<string, unknown>;
    checkVersion(file, version);
    try {
      return { settings: checkSettings(rest as unknown as Settings) };
    } catch (e) {
      if (e instanceof IbiError) throw new IbiError("config_invalid", `${file}: ${e.message}`, { hint: "correct it", next: e.next });
      throw e;
    }
  }

  private async decryptSettings(pem: string): Promise<string> {
    if (this.index.certificates.length === 0)
      throw new IbiError("config_locked", `${this.path.config} is encrypted, but profile "${this.location.name}" has no certificate to open it`, {
        hint: `import the certificate it was encrypted to, or check ${this.path.index}`,
        next: [{ action: "importCertificate" }],
      });
    // The active certificate first, then the others: any one of them can open it.
    const order = [...this.index.certificates].sort((a, b) => Number(b.active) - Number(a.active));
    let last: unknown;
    for (const entry of order) {
      let keyPem: string | null;
      try {
        keyPem = await (await this.store(entry.store)).get(keyName(entry.thumbprintSha256));
      } catch (e) {
        last = e;
        continue;
      }
      if (keyPem === null) continue;
      try {
        return await decryptWithKey(pem, entry.certPem, keyPem);
      } catch (e) {
        if (e instanceof IbiError && e.code === "config_corrupt") throw corrupt(this.path.config, "the encrypted data is damaged");
        last = e;
      }
    }
    // Problems with the store itself (and a cancelled passphrase dialog) say more than "no key could open it".
    const storeProblems = ["wrong_passphrase", "keychain_unavailable", "vault_corrupt", "vault_locked", "passphrase_cancelled", "empty_passphrase", "passphrase_file_unreadable", "no_tty", "cancelled"];
    if (last instanceof IbiError && storeProblems.includes(last.code)) throw last;
    throw new IbiError("config_locked", `${this.path.config} is encrypted and no private key of this profile could open it`, {
      hint: "import the certificate (with its key) the file was encrypted to",
      next: [{ action: "importCertificate" }],
    });
  }

  private async writeSettings(settings: Settings, certificates: IndexEntry[] = this.index.certificates): Promise<void> {
    const json = `${JSON.stringify({ format: "ibi-entra-config", version: 1, ...settings }, null, 2)}\n`;
    const { encrypted } = this.encryptionState(settings, certificates);
    const data = encrypted ? await encryptForCertificates(json, certificates.map((c) => c.certPem)) : json;
    await writeFileAtomic(this.path.config, data);
  }

  private async writeIndex(next: CertificateIndex): Promise<void> {
    await writeFileAtomic(this.path.index, `${JSON.stringify(next, null, 2)}\n`);
    this.index = next;
  }

  private async store(kind: SecretStoreKind): Promise<SecretStore> {
    const id = kind === "keychain" ? `keychain:${this.index.namespace}` : kind;
    let store = this.stores.get(id);
    if (!store) {
      store =
        kind === "keychain"
          ? new KeychainStore(this.index.namespace, { env: this.env })
          : new VaultStore(this.path.vault, (req) => this.vaultPassphrase(req.creating), {
              weakPassphrase: { acknowledged: this.allowWeakPassphrase, warn: (message) => this.notice({ code: "weak_passphrase", message }) },
            });
      this.stores.set(id, store);
    }
    return store;
  }

  private async vaultPassphrase(creating: boolean): Promise<string> {
    const fromEnv = await passphraseFromEnv(this.env);
    if (fromEnv !== undefined) return fromEnv;
    if (this.askPassphrase) return this.askPassphrase(creating ? "create" : "unlock");
    throw new IbiError("vault_locked", `the vault ${this.path.vault} needs a passphrase`, {
      hint: "set IBI_ENTRA_VAULT_PASSPHRASE or IBI_ENTRA_VAULT_PASSPHRASE_FILE, or run on a terminal to be asked",
    });
  }
}

/** The index on disk; while there is none, an empty one (keeping `namespace` when this process chose one already). */
async function readIndex(location: ProfileLocation, namespace?: string): Promise<CertificateIndex> {
  const file = join(location.dir, INDEX_FILE);
  const raw = await readFileIfExists(file);
  return raw === undefined ? emptyIndex(namespace) : parseIndex(raw.toString("utf8"), file);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function emptyIndex(namespace: string = randomUUID()): CertificateIndex {
  return { format: "ibi-entra-certificates", version: 1, namespace, certificates: [] };
}

function parseIndex(text: string, file: string): CertificateIndex {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt(file, "it is not valid JSON");
  }
  const idx = parsed as Partial<CertificateIndex>;
  if (idx?.format !== "ibi-entra-certificates" || typeof idx.namespace !== "string" || !Array.isArray(idx.certificates))
    throw corrupt(file, "it is not an ibi-entra certificate index");
  checkVersion(file, (idx as { version?: unknown }).version);
  // Every field is checked and nothing is repaired: a hand-edited or damaged index is named, never silently "fixed".
  const seen = new Set<string>();
  idx.certificates.forEach((c: Partial<IndexEntry>, i) => {
    const at = `certificates[${i}]`;
    if (typeof c !== "object" || c === null) throw corrupt(file, `${at} is not an object`);
    if (typeof c.certPem !== "string") throw corrupt(file, `${at}.certPem is missing`);
    if (typeof c.thumbprintSha1 !== "string" || !/^[0-9A-F]{40}$/.test(c.thumbprintSha1)) throw corrupt(file, `${at}.thumbprintSha1 is not 40 hex digits`);
    if (typeof c.thumbprintSha256 !== "string" || !/^[0-9A-F]{64}$/.test(c.thumbprintSha256)) throw corrupt(file, `${at}.thumbprintSha256 is not 64 hex digits`);
    if (c.store !== "keychain" && c.store !== "file") throw corrupt(file, `${at}.store is not "keychain" or "file"`);
    if (typeof c.active !== "boolean") throw corrupt(file, `${at}.active is not true or false`);
    let info: CertificateInfo;
    try {
      info = describeCertificate(c.certPem);
    } catch {
      throw corrupt(file, `${at}.certPem is not a certificate`);
    }
    if (info.thumbprintSha1 !== c.thumbprintSha1 || info.thumbprintSha256 !== c.thumbprintSha256)
      throw corrupt(file, `${at}: its thumbprints do not match its certificate (${info.thumbprintSha1})`);
    if (seen.has(c.thumbprintSha256)) throw corrupt(file, `${at} (${c.thumbprintSha1}) is listed twice`);
    seen.add(c.thumbprintSha256);
  });
  if (idx.certificates.filter((c) => c.active).length > 1) throw corrupt(file, "more than one certificate is marked active");
  if (idx.pending !== undefined) {
    if (!Array.isArray(idx.pending)) throw corrupt(file, "pending is not a list");
    idx.pending.forEach((p: Partial<PendingKey>, i) => {
      const o = p?.owner as Partial<PendingKey["owner"]> | undefined;
      if (typeof p?.thumbprintSha256 !== "string" || !/^[0-9A-F]{64}$/.test(p.thumbprintSha256) || (p.store !== "keychain" && p.store !== "file") || typeof o?.pid !== "number" || typeof o.host !== "string")
        throw corrupt(file, `pending[${i}] is incomplete`);
    });
  }
  return idx as CertificateIndex;
}

/** Files carry `version: 1`; a higher one was written by a newer ibi-entra, which this one must not misread. */
function checkVersion(file: string, version: unknown): void {
  if (version === 1) return;
  if (typeof version === "number" && Number.isInteger(version) && version > 1)
    throw new IbiError("config_newer", `${file} has version ${version}, written by a newer ibi-entra; this one reads version 1 and left it as it is`, {
      hint: "use the newer ibi-entra that wrote it",
    });
  throw corrupt(file, `"version" is ${JSON.stringify(version) ?? "missing"}, not 1`);
}

function corrupt(file: string, why: string): IbiError {
  return new IbiError("config_corrupt", `${file} cannot be read: ${why}; it was left as it is`, {
    hint: "restore it from a backup, or move it away to start again",
  });
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, "0")}`;

function view(e: IndexEntry, now: Date): CertificateView {
  return { ...describeCertificate(e.certPem, now), active: e.active, store: e.store };
}

/** Validates every field and returns a normalised copy; throws an IbiError naming the first bad field. */
export function checkSettings(input: Settings): Settings {
  const out: Settings = { cloud: "global" };
  const fail = (msg: string, field: SettingField) => {
    throw new IbiError("invalid_setting", msg, { hint: "correct it", next: [{ action: "setField", field }] });
  };
  const str = (v: unknown, field: string, flag: SettingField): string | undefined => {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") fail(`${field} must be text`, flag);
    return (v as string).trim();
  };
  const cloud = str(input.cloud, "cloud", "cloud") ?? "global";
  const c = validateCloud(cloud);
  if (c !== true) fail(c, "cloud");
  out.cloud = cloud as Cloud;
  const tenantId = str(input.tenantId, "Tenant ID", "tenantId");
  if (tenantId !== undefined) {
    const v = validateTenantId(tenantId);
    if (v !== true) fail(v, "tenantId");
    out.tenantId = tenantId;
  }
  const applicationId = str(input.applicationId, "Application ID", "applicationId");
  if (applicationId !== undefined) {
    const v = validateApplicationId(applicationId);
    if (v !== true) fail(v, "applicationId");
    out.applicationId = applicationId.toLowerCase();
  }
  for (const [key, field, flag] of [
    ["authorityHost", "authority host", "authorityHost"],
    ["graphHost", "Graph host", "graphHost"],
  ] as const) {
    const value = str(input[key], field, flag);
    if (value === undefined) continue;
    const v = validateHttpsHost(field, value);
    if (v !== true) fail(v, flag);
    out[key] = normaliseHost(value);
  }
  const enc = str(input.encryption, "encryption", "encryption");
  if (enc !== undefined) {
    if (enc !== "on" && enc !== "off") fail(`encryption "${printable(enc)}" is not valid: use on or off`, "encryption");
    out.encryption = enc as "on" | "off";
  }
  return out;
}

export { CLOUDS };
