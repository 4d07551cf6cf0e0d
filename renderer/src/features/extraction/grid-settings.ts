// How a person laid out the Table for one template: the fields shown, column widths and
// whether values wrap. Kept in this browser's local storage per template (a view setting,
// not archive data). Pure apart from the storage calls.

export interface GridLayout {
  /** Field keys hidden by the column picker. */
  readonly hidden: readonly string[];
  /** Column key -> width in px ('document' is the first column). */
  readonly widths: Readonly<Record<string, number>>;
  readonly wrap: boolean;
}

export const DEFAULT_LAYOUT: GridLayout = { hidden: [], widths: {}, wrap: false };
export const MIN_COLUMN_WIDTH = 80;
export const MAX_COLUMN_WIDTH = 800;

const key = (template: string) => `abstractor.table.${template}`;

export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width)));
}

/** The stored layout; anything unreadable (another version, a hand edit) falls back to the default. */
export function loadLayout(template: string): GridLayout {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(key(template)) ?? 'null');
    if (!raw || typeof raw !== 'object') return DEFAULT_LAYOUT;
    const r = raw as Record<string, unknown>;
    const hidden = Array.isArray(r['hidden']) ? r['hidden'].filter((k): k is string => typeof k === 'string') : [];
    const widths: Record<string, number> = {};
    if (r['widths'] && typeof r['widths'] === 'object') {
      for (const [k, v] of Object.entries(r['widths'] as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) widths[k] = clampWidth(v);
    }
    return { hidden, widths, wrap: r['wrap'] === true };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function saveLayout(template: string, layout: GridLayout): void {
  try {
    window.localStorage.setItem(key(template), JSON.stringify(layout));
  } catch {
    // Storage full or refused: the layout lasts for this session only.
  }
}
