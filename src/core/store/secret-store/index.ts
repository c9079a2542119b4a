// Where private keys live: the OS keychain or an encrypted vault file, never plaintext on disk.

export type { SecretStore, SecretStoreKind, StoreChoice } from "./types.js";
export { KeychainStore, DEFAULT_KEYCHAIN_TIMEOUT_MS, type KeychainStoreOptions } from "./keychain-store.js";
export { VaultStore, passphraseFromEnv, checkNewPassphrase, DEFAULT_SCRYPT_N, MIN_NEW_PASSPHRASE_LENGTH, type PassphraseRequest, type VaultStoreOptions } from "./vault-store.js";
export { chooseSecretStoreKind, type ChooseOptions } from "./choose.js";
export { probeKeychain, KEYCHAIN_SERVICE, PROBE_SERVICE } from "./keychain-probe.js";
export { findSessionBus, type SessionBus } from "./detect.js";
