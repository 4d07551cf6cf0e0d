// `summarize <document-id> [--profile clinical|legal|general] [--model FILE]`: one summary run,
// stored in the archive like the app's. Ctrl-C cancels the run. The generated text is about the
// document, so it never goes to stderr (a log): it streams to a terminal's stdout, the place of
// the output the user asked for, and otherwise only the final result is printed.
import { summaryProfileSchema, type SummaryRun } from '../../../shared/summaries';
import type { CommandContext } from './commands';
import { UsageError } from './commands';

export async function summarizeCommand({ services, out, args, profile, model }: CommandContext): Promise<number> {
  const raw = args[0];
  const documentId = Number(raw);
  if (!raw || !Number.isInteger(documentId) || documentId <= 0) throw new UsageError('expected a document id (a positive number)');
  let chosen;
  if (profile !== undefined) {
    const parsed = summaryProfileSchema.safeParse(profile);
    if (!parsed.success) throw new UsageError(`--profile must be one of ${summaryProfileSchema.options.join(', ')}`);
    chosen = parsed.data;
  }

  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\nCancelling…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  // Progress lines on stderr carry counts only; the text streams only to a terminal's stdout.
  const stream = !out.json && Boolean(process.stdout.isTTY);
  let streamed = false;
  let phase = '';
  let run: SummaryRun;
  try {
    run = await services.summaries.summarize(documentId, {
      ...(chosen ? { profile: chosen } : {}),
      ...(model ? { modelPath: model } : {}),
      signal: controller.signal,
      onEvent: (event) => {
        switch (event.type) {
          case 'tokens':
            if (!stream) return;
            process.stdout.write(event.text);
            streamed = true;
            return;
          case 'progress':
            if (event.phase === phase && event.phase !== 'summarizing' && event.phase !== 'merging') return;
            phase = event.phase;
            if (streamed) process.stdout.write('\n');
            streamed = false;
            if (event.phase === 'summarizing' || event.phase === 'merging') {
              if (event.chunk > 0 && event.chunks > 0) {
                process.stderr.write(`[${event.phase} ${event.chunk}/${event.chunks}, pages read ${event.pagesRead}/${event.pagesTotal}]\n`);
              }
            } else if (event.phase !== 'finished') process.stderr.write(`[${event.phase}]\n`);
            return;
          case 'done':
            if (streamed) process.stdout.write('\n');
            return;
          default:
            event satisfies never;
        }
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  const output = run.output;
  const result = {
    runId: run.id,
    status: run.status,
    error: run.error,
    profile: run.profile,
    promptVersion: run.promptVersion,
    model: run.model,
    mode: output?.mode ?? null,
    sections: output?.sections ?? [],
    citedPages: output?.citedPages ?? [],
    /** Bullets whose dates, numbers and drug names are all on their cited pages. */
    supported: output?.faithfulness ?? null,
    pagesRead: run.pagesRead,
    pagesTotal: run.pagesTotal,
    chunks: output?.chunks.length ?? 0,
    tokens: run.tokens,
    timings: run.timings,
  };
  out.result(result, () => {
    if (run.status !== 'done') {
      return `Run ${run.id} ${run.status}${run.error ? `: ${run.error.message} (${run.error.code})` : ''}.`;
    }
    const lines = [`Summary (run ${run.id}, ${run.profile}, ${run.model?.name ?? 'model'}): read ${run.pagesRead} of ${run.pagesTotal} pages.`];
    for (const section of result.sections) {
      lines.push('', `${section.title}:`);
      if (section.bullets.length === 0) lines.push('  (nothing found)');
      for (const b of section.bullets) {
        const check = b.support?.status === 'check' ? ` CHECK${b.support.unsupported.length ? `: not on the cited pages: ${b.support.unsupported.join(', ')}` : ''}` : '';
        lines.push(`  - ${b.text} [p. ${b.pages.join(', ')}]${check}`);
      }
    }
    const f = result.supported;
    if (f && f.share !== null) lines.push('', `Supported bullets: ${f.supported} of ${f.bullets} (${Math.round(f.share * 100)}%).`);
    lines.push('', `Tokens in ${run.tokens.input}, out ${run.tokens.output}; ${((run.timings['totalMs'] ?? 0) / 1000).toFixed(1)} s.`);
    return lines.join('\n');
  });
  if (out.json && run.error) process.stderr.write(`error: ${run.error.message} (${run.error.code})\n`);
  return run.status === 'done' ? 0 : 1;
}
