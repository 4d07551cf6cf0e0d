// The sample documents shipped with the app (resources/samples, made by
// scripts/make-sample-pdfs.mjs): imported by id, so the page never names a path. Plain Node:
// must not import electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { DocumentRecord } from '../../../shared/domain';
import { SAMPLE_DOCUMENTS, type SampleId } from '../../../shared/welcome';
import type { Archive } from './archive/archive';
import type { Importer } from './importer/importer';

export class SampleDocuments {
  constructor(
    private readonly deps: { readonly dir: string; readonly importer: Importer; readonly archive: Archive },
  ) {}

  get dir(): string {
    return this.deps.dir;
  }

  /** Imports the sample (a second time answers with the document already there, `duplicate`). */
  async import(id: SampleId): Promise<{ document: DocumentRecord; duplicate: boolean }> {
    const sample = SAMPLE_DOCUMENTS.find((s) => s.id === id);
    if (!sample) throw new AppError('not_found', `There is no sample "${id}".`);
    const file = path.join(this.deps.dir, sample.fileName);
    const data = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new AppError('not_found', `The sample ${sample.fileName} is missing from this installation (${err.code ?? err.message}).`);
    });
    const [outcome] = await this.deps.importer.importMany([{ key: `sample-${id}`, name: sample.fileName, data: new Uint8Array(data) }]);
    if (!outcome) throw new AppError('internal', 'The import returned nothing.');
    if (outcome.kind === 'failed') throw new AppError(outcome.error.code, outcome.error.message);
    if (outcome.kind === 'duplicate') return { document: outcome.document, duplicate: true };
    // Its domain picks the summary profile and the templates offered first.
    const document = outcome.document.domain === sample.domain ? outcome.document : this.deps.archive.updateDocument(outcome.document.id, { domain: sample.domain });
    return { document, duplicate: false };
  }
}
