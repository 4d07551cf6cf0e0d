// Opens the archive's SQLite file: the only place that sets connection pragmas.
// Plain Node: must not import electron.
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron ships its own). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Refuse, before changing anything in the file, a schema newer than this. */
  maxSchemaVersion?: number;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  let db: Db | undefined;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding, readonly: options.readonly ?? false });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (options.maxSchemaVersion !== undefined && version > options.maxSchemaVersion) {
      throw new AppError(
        'archive_from_future',
        `This archive was written by a newer version of Abstractor (schema ${version}; this version knows ${options.maxSchemaVersion}). Update the app to open it.`,
      );
    }
    // WAL lets readers work while an import writes; NORMAL is durable across app crashes in WAL.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    // A file that is not a database only fails at the first statement: let it go again.
    db?.close();
    throw asArchiveError(err, file);
  }
  return db;
}

export function asArchiveError(err: unknown, file: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('archive_corrupt', `The archive database ${file} is damaged or is not an Abstractor archive.`);
  }
  return new AppError('io_error', `Cannot open the archive database ${file}: ${(err as Error).message}`);
}
