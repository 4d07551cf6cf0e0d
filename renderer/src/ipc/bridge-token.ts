// The bridge's bearer token: read once from the URL fragment (#token=HEX), remembered in
// sessionStorage so a reload keeps working, then stripped from the address bar.
// Pure apart from the injected environment: no direct DOM access, so tests run in Node.

export const TOKEN_STORAGE_KEY = 'abstractor.bridge-token';

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TokenEnvironment {
  /** `location.hash`, with or without the leading '#'. */
  readonly hash: string;
  readonly storage: TokenStorage | null;
  /** Removes the fragment from the visible URL (history.replaceState). */
  stripHash(): void;
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

export function takeBridgeToken(env: TokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.hash);
  if (fromHash) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    env.stripHash();
    return fromHash;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
