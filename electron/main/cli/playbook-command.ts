// `playbook list | show <name> | add <file> | run <name> [ids...] [--format csv|json --out FILE]`:
// the firm's standard positions checked against contracts' values. `run --json` prints one
// entry per document: { documentId, title, counts, results: [{ rule, outcome, explanation,
// evidence: [{ page, quote }] }] }. `add` validates the file (and its rules against the template)
// and stores it as a user playbook; a built-in's name is refused.
import fs from 'node:fs';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { table } from './output';

export async function playbookCommand({ services, out, args, format, outFile }: CommandContext): Promise<number> {
  const [action, arg, ...rest] = args;
  const { playbooks } = services;
  switch (action) {
    case 'list': {
      const items = playbooks.library.list();
      out.result({ playbooks: items }, () =>
        table([['NAME', 'TITLE', 'TEMPLATE', 'RULES', 'KIND'], ...items.map((p) => [p.name, p.title, p.template, p.rules, p.builtIn ? 'built-in' : 'user'])]),
      );
      return 0;
    }
    case 'show': {
      if (!arg) throw new UsageError('playbook show needs a playbook name');
      const playbook = playbooks.library.get(arg);
      out.result({ playbook, builtIn: playbooks.library.isBuiltIn(arg) }, () =>
        [
          `${playbook.title} (${playbook.name}, v${playbook.version}, template ${playbook.template})`,
          playbook.description,
          '',
          table(playbook.rules.map((r) => [r.id, r.field, r.check.type, r.title])),
        ].join('\n'),
      );
      return 0;
    }
    case 'add': {
      if (!arg) throw new UsageError('playbook add needs a JSON file');
      const playbook = playbooks.library.save(fs.readFileSync(arg, 'utf8'));
      out.result({ playbook }, () => `Saved playbook "${playbook.name}" with ${playbook.rules.length} rules.`);
      return 0;
    }
    case 'run': {
      if (!arg) throw new UsageError('playbook run needs a playbook name');
      const ids = rest.map((raw) => {
        const id = Number(raw);
        if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) throw new UsageError(`"${raw}" is not a document id (a positive number)`);
        return id;
      });
      const documentIds = ids.length > 0 ? ids : undefined;
      if (format !== undefined) {
        if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
        if (outFile === undefined) throw new UsageError(`--format ${format} needs --out FILE`);
        const { text } = playbooks.export(arg, format, documentIds);
        fs.writeFileSync(outFile, text, { mode: 0o600 });
        services.accessLog.record({ action: 'exported', via: 'cli', detail: { playbook: arg, format, documents: ids.length || 'all' } });
        out.info(`Wrote ${outFile}.`);
      }
      const report = playbooks.run(arg, documentIds);
      out.result(report.documents, () =>
        report.documents.length === 0
          ? `No contract has values of the template "${report.playbook.template}" yet.`
          : report.documents
              .map((d) =>
                [
                  `#${d.documentId} ${d.title}: ${d.counts.meets} meet, ${d.counts.deviates} deviate, ${d.counts.missing} missing, ${d.counts.needs_review} need review`,
                  table(d.results.map((r) => [`  ${r.outcome.replace('_', ' ')}`, r.title, r.evidence.length === 0 ? '' : `p.${[...new Set(r.evidence.map((e) => e.page))].join(',')}`, r.explanation])),
                ].join('\n'),
              )
              .join('\n\n'),
      );
      return 0;
    }
    default:
      throw new UsageError('playbook needs one of: list, show <name>, add <file>, run <name> [ids...]');
  }
}
