// `npx tsx tests/eval/deid-corpus-dump.ts OUT_DIR`: imports the team corpus's medical PDFs into
// a throwaway archive and writes, per document, each page's stored text as the de-identified
// PDF export sees it, with every identifier it would black out shown as [TYPE] — the input of
// the manual review in docs/deid-review.md (what is left after de-identification). Counts of
// what was found per type go to stdout. Without the corpus it says so and exits.
import fs from 'node:fs';
import path from 'node:path';
import { detectPhiInPages } from '../../shared/clinical/deid';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive } from '../helpers/temp-archive';

async function main(outDir: string | undefined): Promise<number> {
  if (!outDir) {
    process.stderr.write('usage: tsx tests/eval/deid-corpus-dump.ts OUT_DIR\n');
    return 2;
  }
  if (!HAS_CORPUS) {
    process.stderr.write(`No corpus at ${CORPUS_DIR}: nothing to dump.\n`);
    return 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const archive = await openTempArchive();
  try {
    const dir = path.join(CORPUS_DIR, 'medical');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort()) {
      const [outcome] = await archive.services.importer.importMany([{ key: file, name: file, data: new Uint8Array(fs.readFileSync(path.join(dir, file))) }]);
      if (outcome?.kind !== 'imported') {
        process.stdout.write(`${file}: not imported (${outcome?.kind === 'failed' ? outcome.error.code : outcome?.kind})\n`);
        continue;
      }
      const id = outcome.document.id;
      const known = archive.services.deidPdf.knownFor(id);
      const counts = new Map<string, number>();
      let text = '';
      const pages = [...archive.services.archive.iteratePages(id)];
      const found = detectPhiInPages(pages.map((p) => p.text), known);
      for (const [i, page] of pages.entries()) {
        let out = '';
        let at = 0;
        for (const s of found[i]!) {
          out += `${page.text.slice(at, s.start)}[${s.type.toUpperCase()}]`;
          at = s.end;
          counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
        }
        text += `=== page ${page.number} ===\n${out}${page.text.slice(at)}\n`;
      }
      fs.writeFileSync(path.join(outDir, file.replace(/\.pdf$/, '.txt')), text);
      const waiting = archive.services.archive.pagesAwaitingOcr(id).length;
      process.stdout.write(`${file}: ${outcome.document.pageCount} pages${waiting ? `, ${waiting} awaiting OCR` : ''}; found ${[...counts].map(([t, n]) => `${t} ${n}`).join(', ') || 'nothing'}\n`);
    }
  } finally {
    await archive.dispose();
  }
  return 0;
}

process.exitCode = await main(process.argv[2]);
