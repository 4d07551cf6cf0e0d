// `extract <document-ids...> --template T [--model FILE]`: one extraction run per document,
// stored like the app's; progress on stderr, Ctrl-C cancels. `export --template T --format
// csv|json [--out FILE] [--deidentify]`: the template's values over all documents that have
// them, optionally with the Safe Harbor identifiers removed (services/extraction/deid-export).
// `export --deidentify --format pdf <id> --out FILE`: one document as page images with its
// identifiers blacked out (services/deid).
import fs from 'node:fs';
import type { FieldResult } from '../../../shared/extraction/api';
import type { ExtractionResult } from '../services/extraction/extractor';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { displayValue } from '../services/extraction/export';

function fieldJson(f: FieldResult) {
  return {
    key: f.key,
    value: f.value,
    status: f.status,
    review: f.review,
    evidence: f.evidence.map((e) => ({ page: e.page, quote: e.quote })),
    ...(f.suggestion ? { suggestion: f.suggestion.value } : {}),
    ...(f.alternatives.length > 0 ? { alternatives: f.alternatives.map((a) => a.value) } : {}),
    ...(f.items?.some((i) => i.assertion) ? { assertions: f.items.map((i) => i.assertion?.label ?? null) } : {}),
  };
}

export async function extractCommand({ services, out, args, template, model }: CommandContext): Promise<number> {
  if (!template) throw new UsageError('extract needs --template NAME (see: templates list)');
  if (args.length === 0) throw new UsageError('extract needs at least one document id');
  const ids = args.map((raw) => {
    const id = Number(raw);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${raw}" is not a document id (a positive number)`);
    return id;
  });
  services.extraction.templates.get(template); // unknown template: fail before any run
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\nCancelling…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const results: Array<Record<string, unknown> & { documentId: number; _human: ExtractionResult }> = [];
  let failed = 0;
  try {
    for (const documentId of ids) {
      if (controller.signal.aborted) break;
      const result = await services.extraction.extract(documentId, template, {
        ...(model ? { modelPath: model } : {}),
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'progress' && event.phase === 'extracting' && event.total > 0) {
            out.progress(`document ${documentId}: ${event.done}/${event.total} questions, pass ${event.pass}/${event.passes}${event.field ? ` (${event.field})` : ''}`);
          } else if (event.type === 'progress' && event.phase !== 'extracting' && event.phase !== 'finished') {
            out.progress(`document ${documentId}: ${event.phase}`);
          }
        },
      });
      out.endProgress();
      if (result.run.status !== 'done') {
        failed++;
        process.stderr.write(`document ${documentId}: run ${result.run.id} ${result.run.status}${result.run.error ? `: ${result.run.error.message} (${result.run.error.code})` : ''}\n`);
      }
      results.push({
        documentId,
        runId: result.run.id,
        status: result.run.status,
        ...(result.run.error ? { error: result.run.error } : {}),
        fields: result.fields.map(fieldJson),
        _human: result,
      });
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const payload = results.map(({ _human, ...rest }) => rest);
  out.result(payload.length === 1 ? payload[0] : payload, () =>
    results
      .map(({ documentId, _human: r }) => {
        const lines = [`Document ${documentId}, run ${r.run.id} (${r.run.status}, ${r.run.model?.name ?? 'model'}, ${((r.run.timings['totalMs'] ?? 0) / 1000).toFixed(1)} s):`];
        for (const f of r.fields) {
          const pages = [...new Set(f.evidence.map((e) => e.page))];
          const value = displayValue(f);
          lines.push(`  ${f.key}: ${value === '' ? '-' : value} [${f.status}${pages.length ? `, p. ${pages.join(', ')}` : ''}${f.review !== 'none' ? `, ${f.review}` : ''}${f.suggestion ? ', new suggestion' : ''}]`);
          const labels = f.items?.flatMap((i) => (i.assertion ? [i.assertion.label] : [])) ?? [];
          if (labels.length > 0) lines.push(`    assertion: ${labels.join('; ')}`);
        }
        return lines.join('\n');
      })
      .join('\n\n'),
  );
  return failed === 0 && results.length === ids.length ? 0 : 1;
}

export async function exportCommand({ services, out, args, password, template, format, outFile, training, deidentify }: CommandContext): Promise<number> {
  if (format === 'pdf') return exportDeidentifiedPdf({ services, out, args, password, template, outFile, training, deidentify });
  if (!template) throw new UsageError('export needs --template NAME');
  if (training) {
    if (format !== undefined) throw new UsageError('export --training writes JSONL; leave out --format');
    if (deidentify) throw new UsageError('export --training keeps the document text; it cannot be de-identified');
    return exportTraining(services, out, template, outFile);
  }
  if (format !== 'csv' && format !== 'json') throw new UsageError('export needs --format csv or --format json');
  const { fileName, text } = services.extraction.export(template, format, undefined, deidentify);
  services.accessLog.record({ action: 'exported', via: 'cli', detail: { template, format, documents: 'all', deidentified: deidentify !== undefined } });
  if (outFile) {
    fs.writeFileSync(outFile, text);
    out.info(`Wrote ${outFile}.`);
    if (out.json) out.result({ file: outFile, fileName, bytes: Buffer.byteLength(text) }, () => '');
  } else if (out.json && format === 'csv') {
    out.result({ fileName, csv: text }, () => '');
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** `export --deidentify --format pdf <document-id> --out FILE [--password P]`: services/deid. */
async function exportDeidentifiedPdf({ services, out, args, password, template, outFile, training, deidentify }: Omit<CommandContext, 'flags' | 'format'>): Promise<number> {
  if (!deidentify) throw new UsageError('export --format pdf writes a de-identified copy of one document: add --deidentify');
  if (deidentify.shiftDates || !deidentify.surrogates) throw new UsageError('--shift-dates and --placeholders replace text; a de-identified PDF blacks identifiers out instead');
  if (template || training) throw new UsageError('export --format pdf takes one document id, not --template or --training');
  if (!outFile) throw new UsageError('export --format pdf needs --out FILE');
  if (args.length !== 1) throw new UsageError('export --format pdf takes exactly one document id');
  const id = Number(args[0]);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${args[0]}" is not a document id (a positive number)`);
  out.progress(`document ${id}: drawing the pages with their identifiers blacked out`);
  const result = await services.deidPdf.export(id, password !== undefined ? { password } : {});
  out.endProgress();
  services.accessLog.record({ action: 'exported', via: 'cli', documentId: id, detail: { format: 'pdf', deidentified: true, pages: result.pages } });
  fs.writeFileSync(outFile, result.data);
  for (const page of result.wholePages) out.info(`page ${page}: an identifier had no position on the page, so the whole page is blacked out`);
  out.info(`Wrote ${outFile}: ${result.pages} ${result.pages === 1 ? 'page' : 'pages'}, ${result.boxes} ${result.boxes === 1 ? 'box' : 'boxes'} over ${result.identifiers} ${result.identifiers === 1 ? 'identifier' : 'identifiers'}; no text layer.`);
  if (out.json) {
    const { data, ...summary } = result;
    out.result({ file: outFile, bytes: data.byteLength, ...summary }, () => '');
  }
  return 0;
}

function exportTraining(services: CommandContext['services'], out: CommandContext['out'], template: string, outFile: string | undefined): number {
  const { fileName, text, set } = services.extraction.exportTraining(template);
  for (const s of set.skipped) out.info(`document ${s.documentId}, ${s.field}: left out (${s.reason})`);
  const summary = { examples: set.examples.length, skipped: set.skipped.length };
  if (outFile) {
    fs.writeFileSync(outFile, text);
    out.info(`Wrote ${set.examples.length} examples to ${outFile}.`);
    if (out.json) out.result({ file: outFile, fileName, bytes: Buffer.byteLength(text), ...summary }, () => '');
  } else if (out.json) {
    out.result({ fileName, jsonl: text, ...summary }, () => '');
  } else {
    process.stdout.write(text);
  }
  return 0;
}
