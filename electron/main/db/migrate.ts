// Applies pending migrations, each in one transaction that also bumps user_version,
// and refuses a database written by a newer Abstractor.
import { AppError } from '../../../shared/errors';
import type { Db } from './open';
import { MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, target = migrations.length): number {
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new AppError(
      'archive_from_future',
      `This archive was written by a newer version of Abstractor (schema ${current}; this version knows ${latest}). Update the app to open it.`,
    );
  }
  for (const migration of migrations.slice(current, target)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}
