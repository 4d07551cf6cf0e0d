// Help > Check for updates…: Abstractor never looks for updates by itself (the app makes no
// network contact the user did not start). The dialog says which version runs and where new
// ones come from; the releases page opens in the user's browser only when they click for it.
// Pure, no electron import (unit-tested); index.ts shows it and opens the chosen page.

export interface UpdateNotice {
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
  readonly defaultId: number;
  readonly cancelId: number;
  /** The page to open for the button the user pressed, or null: nothing opens. */
  pageFor(response: number): string | null;
}

/**
 * `releasesPage` is package.json's "homepage", where the project publishes its releases; it is
 * offered only as a plain https URL (anything else, or none, and the dialog names no page).
 */
export function updateNotice(version: string, releasesPage: string | undefined): UpdateNotice {
  const page = httpsUrl(releasesPage);
  const how = [
    `Abstractor does not check for updates on its own: it contacts no server unless you start a model download.`,
    `To update, install the new version over this one (from the same place you got this one). Your archive stays where it is; a newer version upgrades it the first time it opens it, after which older versions refuse it rather than damage it.`,
  ];
  const common = { message: `You have Abstractor ${version}.`, defaultId: 0 };
  if (!page) return { ...common, detail: how.join('\n\n'), buttons: ['OK'], cancelId: 0, pageFor: () => null };
  return {
    ...common,
    detail: [...how, `The releases page opens in your browser if you choose it:\n${page}`].join('\n\n'),
    buttons: ['Close', 'Open the releases page'],
    cancelId: 0,
    pageFor: (response) => (response === 1 ? page : null),
  };
}

function httpsUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}
