// Where things live inside an archive folder. The folder is self-contained: move it and
// point the app at it with --archive or ABSTRACTOR_ARCHIVE.
import path from 'node:path';

export interface ArchiveLayout {
  readonly root: string;
  readonly database: string;
  readonly files: string;
  readonly tmp: string;
  readonly models: string;
}

export function archiveLayout(root: string): ArchiveLayout {
  const abs = path.resolve(root);
  return {
    root: abs,
    database: path.join(abs, 'archive.sqlite'),
    files: path.join(abs, 'files'),
    tmp: path.join(abs, 'tmp'),
    models: path.join(abs, 'models'),
  };
}

/** Whether `child` is `parent` or inside it (both resolved). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
