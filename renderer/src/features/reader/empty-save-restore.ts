// Which of a page's drawing operations pdf.js may leave out: a save immediately followed by its
// restore changes nothing. Pure (no pdf.js import), so it is tested over plain operation lists.

/** The operations of a page as pdf.js fills them in, chunk by chunk, while the page is drawn. */
export type OperationCodes = ArrayLike<number>;

export interface SaveRestoreCodes {
  readonly save: number;
  readonly restore: number;
}

/**
 * A pdf.js `operationsFilter` that leaves out each save immediately followed by its restore.
 * pdf.js asks about the operations in order, once each (again only for the one it stopped at,
 * when it waits for a font or an image); the list grows while it draws, so a save that is the
 * last operation received so far is kept (and its restore too): a pair is left out only whole.
 * `codes` returns the list as it is now, or undefined when unknown (then everything is drawn);
 * `ops` are pdf.js's codes for save and restore (its OPS).
 */
export function skipEmptySaveRestore(codes: () => OperationCodes | undefined, ops: SaveRestoreCodes): (index: number) => boolean {
  // The restore whose save was left out: it must be left out too.
  let skipRestoreAt = -1;
  return (index) => {
    if (index === skipRestoreAt) return false;
    const list = codes();
    if (!list || index + 1 >= list.length) return true;
    if (list[index] === ops.save && list[index + 1] === ops.restore) {
      skipRestoreAt = index + 1;
      return false;
    }
    return true;
  };
}
