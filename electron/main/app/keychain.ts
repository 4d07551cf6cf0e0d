// The OS keychain for the archive key: Electron safeStorage (macOS Keychain, Windows DPAPI,
// libsecret or KWallet on Linux). Where Linux has no real secret store safeStorage falls back
// to a hard-coded password ('basic_text'); that is no protection, so there is no keychain
// then and the app asks for a passphrase instead. Electron 38 has only the synchronous API
// (encryptStringAsync arrives in a later release); the calls are short and made at unlock.
import { safeStorage } from 'electron';
import type { Keychain } from '../services/keys/keystore';

/** Call after app 'ready' (safeStorage is unavailable before). */
export function electronKeychain(): Keychain | null {
  const backend = keychainBackend();
  if (!backend || !safeStorage.isEncryptionAvailable()) return null;
  return {
    backend,
    // The key crosses as base64 text: safeStorage encrypts strings.
    wrap: async (secret) => safeStorage.encryptString(secret.toString('base64')),
    unwrap: async (blob) => Buffer.from(safeStorage.decryptString(blob), 'base64'),
  };
}

function keychainBackend(): string | null {
  if (process.platform === 'darwin') return 'macos-keychain';
  if (process.platform === 'win32') return 'windows-dpapi';
  const selected = safeStorage.getSelectedStorageBackend();
  return selected === 'basic_text' || selected === 'unknown' ? null : selected;
}
