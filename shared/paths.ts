// How a request names a file or folder on this machine. The same field means different things
// per transport, decided in one place in main (electron/main/api/path-access.ts): in the
// desktop app it is an opaque handle that main issued for a file or folder the user chose in
// main's dialog or dropped on the window; over the loopback bridge it is an absolute path under
// a folder given to `serve --allow-dir`. Anything else is refused with `path_not_allowed`.
// Shared: no Node, no DOM.
import { z } from 'zod';

export const pathRefSchema = z.string().trim().min(1).max(4096);

/** What main answers for a chosen or dropped file or folder. */
export const pathHandleSchema = z.object({
  /** Send this back to name the file or folder. */
  ref: z.string(),
  /** For display only (the full path). */
  label: z.string(),
  kind: z.enum(['file', 'folder']),
});
export type PathHandleData = z.infer<typeof pathHandleSchema>;
