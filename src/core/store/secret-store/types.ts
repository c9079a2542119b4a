// The contract every place a private key can live in fulfils: the OS keychain or the encrypted vault file.

export type SecretStoreKind = "keychain" | "file";

export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** The secret, or null when there is none under `name`. */
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** true when something was deleted, false when there was nothing under `name`. */
  delete(name: string): Promise<boolean>;
  /**
   * Optional: do the slow part of opening the store (the vault's scrypt) ahead of a write, so that it overlaps
   * other work such as RSA key generation. Asks for the passphrase if one is needed.
   */
  unlock?(): Promise<void>;
}

/** Which store to use and why, in one sentence a user can act on. */
export interface StoreChoice {
  kind: SecretStoreKind;
  reason: string;
}
