// Deleting a document erases it: its rows (pages, spans, runs with their summaries and
// extractions, field values and their audit, jobs and their steps, all by ON DELETE CASCADE)
// go in one transaction with the access-log entry, whose earlier entries for the document
// lose its title (a trigger of migration 5); then the file is shredded and the WAL
// checkpointed and truncated, so no copy of the text stays under the archive folder (see
// erase.ts). Plain Node: must not import electron.
import type { AccessChannel } from '../../../../shared/privacy';
import type { Db } from '../../db/open';
import type { AccessLog } from './access-log';
import type { Archive } from './archive';
import { checkpointTruncate, type CheckpointResult } from './erase';
import type { FileStore } from './file-store';

export class Erasure {
  constructor(private readonly deps: { db: Db; archive: Archive; files: FileStore; accessLog: AccessLog }) {}

  async deleteDocument(id: number, via: AccessChannel): Promise<CheckpointResult> {
    const { db, archive, files, accessLog } = this.deps;
    const sha256 = db.transaction(() => {
      const sha = archive.deleteDocument(id);
      accessLog.record({ action: 'deleted', via, documentId: id });
      return sha;
    })();
    await files.remove(sha256);
    return checkpointTruncate(db);
  }

  /** After a template, a model or a run was deleted: old page versions leave the WAL. */
  settle(): CheckpointResult {
    return checkpointTruncate(this.deps.db);
  }
}
