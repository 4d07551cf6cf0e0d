// Rows of the `models` and `settings` tables (migration 2). SQL only: no files, no GGUF.
// Plain Node: must not import electron or node-llama-cpp.
import type { Db } from '../../db/open';
import type { ModelStorage } from '../../../../shared/models';
import { deleteSetting, getSetting, setSetting } from '../settings';

export const ACTIVE_MODEL_KEY = 'active_model_id';

export interface ModelRow {
  readonly id: number;
  readonly sha256: string;
  readonly name: string;
  readonly fileName: string;
  readonly path: string;
  readonly storage: ModelStorage;
  readonly bytes: number;
  readonly architecture: string;
  readonly parameters: number | null;
  readonly quantization: string | null;
  readonly contextLength: number | null;
  readonly hasChatTemplate: boolean;
  readonly catalogId: string | null;
  readonly addedAt: string;
}

export type NewModelRow = Omit<ModelRow, 'id' | 'addedAt'>;

interface RawRow {
  id: number;
  sha256: string;
  name: string;
  file_name: string;
  path: string;
  storage: ModelStorage;
  bytes: number;
  architecture: string;
  parameters: number | null;
  quantization: string | null;
  context_length: number | null;
  has_chat_template: 0 | 1;
  catalog_id: string | null;
  added_at: string;
}

function fromRaw(r: RawRow): ModelRow {
  return {
    id: r.id,
    sha256: r.sha256,
    name: r.name,
    fileName: r.file_name,
    path: r.path,
    storage: r.storage,
    bytes: r.bytes,
    architecture: r.architecture,
    parameters: r.parameters,
    quantization: r.quantization,
    contextLength: r.context_length,
    hasChatTemplate: r.has_chat_template === 1,
    catalogId: r.catalog_id,
    addedAt: r.added_at,
  };
}

export class ModelStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): ModelRow[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY added_at, id').all() as RawRow[]).map(fromRaw);
  }

  get(id: number): ModelRow | undefined {
    const raw = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as RawRow | undefined;
    return raw && fromRaw(raw);
  }

  bySha256(sha256: string): ModelRow | undefined {
    const raw = this.db.prepare('SELECT * FROM models WHERE sha256 = ?').get(sha256) as RawRow | undefined;
    return raw && fromRaw(raw);
  }

  byPath(filePath: string): ModelRow | undefined {
    const raw = this.db.prepare('SELECT * FROM models WHERE path = ? ORDER BY id LIMIT 1').get(filePath) as
      | RawRow
      | undefined;
    return raw && fromRaw(raw);
  }

  byCatalogId(catalogId: string): ModelRow[] {
    return (this.db.prepare('SELECT * FROM models WHERE catalog_id = ? ORDER BY id').all(catalogId) as RawRow[]).map(
      fromRaw,
    );
  }

  insert(row: NewModelRow): ModelRow {
    const addedAt = this.now().toISOString();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO models (sha256, name, file_name, path, storage, bytes, architecture, parameters,
           quantization, context_length, has_chat_template, catalog_id, added_at)
         VALUES (@sha256, @name, @fileName, @path, @storage, @bytes, @architecture, @parameters,
           @quantization, @contextLength, @hasChatTemplate, @catalogId, @addedAt)`,
      )
      .run({ ...row, hasChatTemplate: row.hasChatTemplate ? 1 : 0, addedAt });
    return this.get(Number(lastInsertRowid))!;
  }

  /** Points a row at a new file (a referenced model found again, or replaced by a copy). */
  relocate(id: number, update: { path: string; fileName: string; storage: ModelStorage }): ModelRow {
    this.db
      .prepare('UPDATE models SET path = @path, file_name = @fileName, storage = @storage WHERE id = @id')
      .run({ id, ...update });
    return this.get(id)!;
  }

  delete(id: number): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
      if (removed && this.getActiveId() === id) this.deleteSetting(ACTIVE_MODEL_KEY);
      return removed;
    })();
  }

  getActiveId(): number | null {
    const value = this.getSetting(ACTIVE_MODEL_KEY);
    const id = value === null ? NaN : Number(value);
    return Number.isInteger(id) && id > 0 ? id : null;
  }

  setActiveId(id: number | null): void {
    if (id === null) this.deleteSetting(ACTIVE_MODEL_KEY);
    else this.setSetting(ACTIVE_MODEL_KEY, String(id));
  }

  getSetting(key: string): string | null {
    return getSetting(this.db, key);
  }

  setSetting(key: string, value: string): void {
    setSetting(this.db, key, value);
  }

  deleteSetting(key: string): void {
    deleteSetting(this.db, key);
  }
}
