// Which links may leave the app for the user's browser. Plain Node (tested without Electron).

/**
 * Origins a link may open in the user's browser. Empty: no feature of the app links out, and a
 * page that could open any URL could send data out through it.
 */
export const EXTERNAL_ORIGINS: readonly string[] = [];

export function isExternalAllowed(url: string, allowed: readonly string[] = EXTERNAL_ORIGINS): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && allowed.includes(parsed.origin);
  } catch {
    return false;
  }
}
