// Extraction templates: the read-only built-ins (resources/templates/*.json) and the user's
// own, stored in the archive (migration 3). Every save is validated with parseTemplate; a
// built-in can be copied under a new name, never changed. Plain Node, no electron.
import fs from 'node:fs';
import path from 'node:path';
import type { TemplateSummary } from '../../../../shared/extraction/api';
import { parseTemplate, type Template } from '../../../../shared/extraction/templates';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';

export class TemplateLibrary {
  private builtIns: Map<string, Template> | undefined;

  constructor(
    private readonly db: Db,
    private readonly builtInDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Read once: the built-ins ship with the app. A broken one is a packaging bug, so it throws. */
  private builtIn(): Map<string, Template> {
    if (this.builtIns) return this.builtIns;
    const map = new Map<string, Template>();
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.builtInDir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      names = []; // no built-ins folder: user templates still work
    }
    for (const name of names) {
      const parsed = parseTemplate(fs.readFileSync(path.join(this.builtInDir, name), 'utf8'));
      if (!parsed.ok) throw new AppError('internal', `Built-in template ${name} is invalid: ${parsed.errors.join('; ')}`);
      map.set(parsed.template.name, parsed.template);
    }
    this.builtIns = map;
    return map;
  }

  isBuiltIn(name: string): boolean {
    return this.builtIn().has(name);
  }

  list(): TemplateSummary[] {
    const out: TemplateSummary[] = [...this.builtIn().values()].map((t) => summary(t, true));
    for (const row of this.db.prepare<[], { definition: string }>('SELECT definition FROM templates ORDER BY name').all()) {
      const parsed = parseTemplate(row.definition);
      if (parsed.ok) out.push(summary(parsed.template, false));
    }
    return out;
  }

  get(name: string): Template {
    const builtIn = this.builtIn().get(name);
    if (builtIn) return builtIn;
    const row = this.db.prepare<[string], { definition: string }>('SELECT definition FROM templates WHERE name = ?').get(name);
    if (!row) throw new AppError('not_found', `No template named "${name}".`);
    const parsed = parseTemplate(row.definition);
    if (!parsed.ok) throw new AppError('internal', `Stored template "${name}" is invalid: ${parsed.errors.join('; ')}`);
    return parsed.template;
  }

  /** Creates or replaces a user template; errors list every problem at once. */
  save(input: unknown): Template {
    const parsed = parseTemplate(input);
    if (!parsed.ok) throw new AppError('invalid_request', `The template is not valid:\n- ${parsed.errors.join('\n- ')}`);
    const template = parsed.template;
    if (this.isBuiltIn(template.name)) {
      throw new AppError('invalid_request', `"${template.name}" is a built-in template; copy it under a new name to change it.`);
    }
    const stamp = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO templates (name, title, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET title = excluded.title, definition = excluded.definition, updated_at = excluded.updated_at`,
      )
      .run(template.name, template.title, JSON.stringify(template), stamp, stamp);
    return template;
  }

  /** A copy of any template (built-in or not) under a new name, as a user template. */
  copy(name: string, newName: string, title?: string): Template {
    const source = this.get(name);
    return this.save({ ...source, name: newName, title: title ?? `${source.title} (copy)` });
  }

  delete(name: string): boolean {
    if (this.isBuiltIn(name)) throw new AppError('invalid_request', `"${name}" is a built-in template and cannot be deleted.`);
    return this.db.prepare('DELETE FROM templates WHERE name = ?').run(name).changes > 0;
  }
}

function summary(t: Template, builtIn: boolean): TemplateSummary {
  return {
    name: t.name,
    title: t.title,
    domain: t.domain,
    version: t.version,
    description: t.description,
    fields: t.fields.length,
    builtIn,
  };
}
