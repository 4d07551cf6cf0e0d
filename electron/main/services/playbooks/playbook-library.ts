// Playbooks: the read-only built-ins (resources/playbooks/*.json) and the user's own, stored
// in the archive (migration 6). Every save is validated by parsePlaybook and against the
// template its rules read (each field must exist and suit its check); a built-in can be
// duplicated under a new name, never changed. Plain Node, no electron.
import fs from 'node:fs';
import path from 'node:path';
import type { PlaybookSummary } from '../../../../shared/playbooks/api';
import { parsePlaybook, type Playbook } from '../../../../shared/playbooks/schema';
import type { CompareKind } from '../../../../shared/playbooks/schema';
import type { FieldType, Template } from '../../../../shared/extraction/templates';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';

/** Field types a value comparison can read (a text field may hold any of them in words). */
const READS: Readonly<Record<CompareKind, readonly FieldType[]>> = {
  duration: ['duration', 'text'],
  money: ['money', 'number', 'text'],
  date: ['date', 'text'],
  number: ['number', 'money', 'text'],
  months_of_fees: ['money', 'duration', 'text'],
};
const NAMES: readonly FieldType[] = ['text', 'enum', 'list'];

export class PlaybookLibrary {
  private builtIns: Map<string, Playbook> | undefined;

  constructor(
    private readonly db: Db,
    private readonly builtInDir: string,
    private readonly templateOf: (name: string) => Template,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Read once: the built-ins ship with the app. A broken one is a packaging bug, so it throws. */
  private builtIn(): Map<string, Playbook> {
    if (this.builtIns) return this.builtIns;
    const map = new Map<string, Playbook>();
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.builtInDir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      names = []; // no built-ins folder: user playbooks still work
    }
    for (const name of names) {
      const parsed = parsePlaybook(fs.readFileSync(path.join(this.builtInDir, name), 'utf8'));
      if (!parsed.ok) throw new AppError('internal', `Built-in playbook ${name} is invalid: ${parsed.errors.join('; ')}`);
      map.set(parsed.playbook.name, parsed.playbook);
    }
    this.builtIns = map;
    return map;
  }

  isBuiltIn(name: string): boolean {
    return this.builtIn().has(name);
  }

  list(): PlaybookSummary[] {
    const out = [...this.builtIn().values()].map((p) => summary(p, true));
    for (const row of this.db.prepare<[], { definition: string }>('SELECT definition FROM playbooks ORDER BY name').all()) {
      const parsed = parsePlaybook(row.definition);
      if (parsed.ok) out.push(summary(parsed.playbook, false));
    }
    return out;
  }

  get(name: string): Playbook {
    const builtIn = this.builtIn().get(name);
    if (builtIn) return builtIn;
    const row = this.db.prepare<[string], { definition: string }>('SELECT definition FROM playbooks WHERE name = ?').get(name);
    if (!row) throw new AppError('not_found', `No playbook named "${name}".`);
    const parsed = parsePlaybook(row.definition);
    if (!parsed.ok) throw new AppError('internal', `Stored playbook "${name}" is invalid: ${parsed.errors.join('; ')}`);
    return parsed.playbook;
  }

  summary(name: string): PlaybookSummary {
    return summary(this.get(name), this.isBuiltIn(name));
  }

  /** Creates or replaces a user playbook; errors list every problem at once. */
  save(input: unknown): Playbook {
    const parsed = parsePlaybook(input);
    if (!parsed.ok) throw new AppError('invalid_request', `The playbook is not valid:\n- ${parsed.errors.join('\n- ')}`);
    const playbook = parsed.playbook;
    if (this.isBuiltIn(playbook.name)) {
      throw new AppError('invalid_request', `"${playbook.name}" is a built-in playbook; duplicate it under a new name to change it.`);
    }
    const problems = this.templateProblems(playbook);
    if (problems.length > 0) throw new AppError('invalid_request', `The playbook is not valid:\n- ${problems.join('\n- ')}`);
    const stamp = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO playbooks (name, title, template, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET title = excluded.title, template = excluded.template, definition = excluded.definition,
           updated_at = excluded.updated_at`,
      )
      .run(playbook.name, playbook.title, playbook.template, JSON.stringify(playbook), stamp, stamp);
    return playbook;
  }

  delete(name: string): boolean {
    if (this.isBuiltIn(name)) throw new AppError('invalid_request', `"${name}" is a built-in playbook and cannot be deleted.`);
    return this.db.prepare('DELETE FROM playbooks WHERE name = ?').run(name).changes > 0;
  }

  // Each rule's field must be in the template, of a type its check can read.
  private templateProblems(playbook: Playbook): string[] {
    let template: Template;
    try {
      template = this.templateOf(playbook.template);
    } catch {
      return [`template: there is no template named "${playbook.template}"`];
    }
    const problems: string[] = [];
    playbook.rules.forEach((rule, i) => {
      const where = `rules[${i}] (${rule.id})`;
      const field = template.fields.find((f) => f.key === rule.field);
      if (!field) {
        problems.push(`${where}.field: the template "${template.name}" has no field "${rule.field}"`);
        return;
      }
      const check = rule.check;
      if ((check.type === 'one_of' || check.type === 'none_of') && !NAMES.includes(field.type)) {
        problems.push(`${where}.check: ${check.type} compares words; "${field.key}" is a ${field.type} field (use present/absent or at_least/at_most)`);
      }
      if ((check.type === 'at_least' || check.type === 'at_most') && check.from === 'value' && !READS[check.kind].includes(field.type)) {
        problems.push(`${where}.check.kind: a ${check.kind} cannot be read from "${field.key}", a ${field.type} field`);
      }
    });
    return problems;
  }
}

function summary(p: Playbook, builtIn: boolean): PlaybookSummary {
  return { name: p.name, title: p.title, description: p.description, template: p.template, version: p.version, rules: p.rules.length, builtIn };
}
