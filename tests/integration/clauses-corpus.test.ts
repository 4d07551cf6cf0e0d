// Clause comparison over the real corpus: every contract's governing-law clause recorded as a
// reviewer does (the place, the words selected on the page), then `clauses:compare` through
// the contract's handlers: each clause grown to its sentence from the archived page text,
// grouped into wording variants, and diffed against a reference (a contract's clause, or a
// free text as a playbook's standard). Skipped when the corpus is absent.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import type { ClauseComparison } from '../../shared/clauses/api';
import { findQuote } from '../../shared/extraction/verify';
import { GOVERNING_LAW } from '../fixtures/corpus-governing-law';
import { callOk } from '../helpers/call-ok';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive, type TempArchive } from '../helpers/temp-archive';

describe.skipIf(!HAS_CORPUS)('clause comparison over the corpus governing-law clauses', () => {
  let archive: TempArchive;
  let dispatch: Dispatch;
  const ids = new Map<string, number>();
  const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);
  const idOf = (prefix: string): number => [...ids.entries()].find(([file]) => file.startsWith(prefix))![1];

  beforeAll(async () => {
    archive = await openTempArchive();
    dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
    for (const law of GOVERNING_LAW) {
      const data = new Uint8Array(fs.readFileSync(path.join(CORPUS_DIR, 'legal', law.file)));
      const { outcomes } = await call<{ outcomes: Array<{ document?: { id: number } }> }>('documents:import', { files: [{ key: law.file, name: law.file, data }] });
      const documentId = outcomes[0]!.document!.id;
      ids.set(law.file, documentId);
      const { text } = await call<{ text: string }>('documents:page', { id: documentId, page: law.page });
      const span = findQuote(text, law.quote);
      if (span === null) throw new Error(`${law.file} p.${law.page}: quote not found`);
      await call('extraction:addFromSelection', { documentId, template: 'contract', field: 'governing_law', page: law.page, start: span[0], end: span[1], value: law.value });
    }
  }, 300_000);

  afterAll(async () => {
    await archive?.dispose();
  });

  it('groups the clauses into fewer variants, with counts, each clause a whole sentence', async () => {
    const result = await call<ClauseComparison>('clauses:compare', { template: 'contract', field: 'governing_law' });
    expect(result.field).toEqual({ key: 'governing_law', label: 'Governing law' });
    expect(result.clauses).toHaveLength(GOVERNING_LAW.length);
    expect(result.variants.length).toBeLessThan(GOVERNING_LAW.length);
    expect(result.variants.reduce((n, v) => n + v.count, 0)).toBe(GOVERNING_LAW.length);
    // Largest first; every clause in the variant its index names.
    expect(result.variants.map((v) => v.count)).toEqual([...result.variants.map((v) => v.count)].sort((a, b) => b - a));
    for (const c of result.clauses) expect(result.variants[c.variant!]!.documentIds).toContain(c.documentId);

    // "shall be governed by (,) and construed (and interpreted) in accordance with (,) the laws of …":
    // Virginia, Taiwan, New York twice, Japan — one wording, read by hand.
    const core = ['L01', 'L07', 'L09', 'L10', 'L13'].map(idOf);
    const coreVariant = result.clauses.find((c) => c.documentId === core[0])!.variant;
    for (const id of core) expect(result.clauses.find((c) => c.documentId === id)!.variant, `document ${id}`).toBe(coreVariant);
    expect(result.variants[coreVariant!]!.count).toBeGreaterThanOrEqual(5);
    // "governed by English law and the parties submit to … the English courts" is its own.
    const english = result.clauses.find((c) => c.documentId === idOf('L12'))!;
    expect(english.variant).not.toBe(coreVariant);

    // The selection grown to its sentence, the section heading left out.
    const florida = result.clauses.find((c) => c.documentId === idOf('L15'))!;
    expect(florida.text).toBe(
      'This Agreement and the relationship between the parties is governed by and will be construed exclusively in accordance with the laws of the State of Florida (without regard to, and without applying, Florida conflict-of-law rules).',
    );
    const taiwan = result.clauses.find((c) => c.documentId === idOf('L07'))!;
    expect(taiwan.text).toBe('This Agreement shall be governed by, and construed in accordance with the laws of Taiwan.');
    expect(taiwan.evidence[0]!.page).toBe(4);
  });

  it('diffs every clause against a contract picked as the reference, and against a standard text', async () => {
    const reference = idOf('L09');
    const byDocument = await call<ClauseComparison>('clauses:compare', { template: 'contract', field: 'governing_law', reference: { kind: 'document', documentId: reference } });
    expect(byDocument.reference?.documentId).toBe(reference);
    const self = byDocument.clauses.find((c) => c.documentId === reference)!;
    expect(self.similarity).toBe(1);
    expect(self.diff!.every((p) => p.op === 'same')).toBe(true);
    const ny = byDocument.clauses.find((c) => c.documentId === idOf('L10'))!;
    expect(ny.diff!.filter((p) => p.op === 'added').map((p) => p.text.trim())).toContain('and interpreted');

    const standard = 'This Agreement shall be governed by and construed in accordance with the laws of the State of New York, without regard to its conflict of laws principles.';
    const byText = await call<ClauseComparison>('clauses:compare', { template: 'contract', field: 'governing_law', reference: { kind: 'text', text: standard, label: 'Firm standard' } });
    expect(byText.reference).toEqual({ text: standard, label: 'Firm standard', documentId: null });
    const japan = byText.clauses.find((c) => c.documentId === idOf('L13'))!;
    expect(japan.diff!.find((p) => p.op === 'added')?.text).toMatch(/Amendment/);
    // Most like the standard: a New York clause of the core wording.
    const best = [...byText.clauses].sort((a, b) => b.similarity! - a.similarity!)[0]!;
    expect(best.documentId).toBe(reference);
  });

  it('lists a contract\'s defined terms with their page (definitions:list), from the archived text', async () => {
    const { definitions } = await call<{ definitions: Array<{ term: string; definition: string; page: number; kind: string }> }>('definitions:list', { documentId: idOf('L09') });
    const effective = definitions.find((d) => d.term === 'Effective Date')!;
    expect(effective).toMatchObject({ page: 1, kind: 'parenthetical' });
    expect(effective.definition).toMatch(/dated as of October 1, 2005$/);
    const ceres = await call<{ definitions: Array<{ term: string; definition: string; page: number; kind: string }> }>('definitions:list', { documentId: idOf('L10') });
    const confidential = ceres.definitions.find((d) => d.term === 'Confidential Information')!;
    expect(confidential.kind).toBe('means');
    expect(confidential.definition).toMatch(/^\(a\) all non-public information and material received by one Party/);
  });

  it('refuses a field the template does not have and a reference document without the clause', async () => {
    const unknown = await dispatch('clauses:compare', { template: 'contract', field: 'no_such_field' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('not_found');
    const bad = await dispatch('clauses:compare', { template: 'contract', field: 'governing_law', reference: { kind: 'text', text: '   ' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_request');
  });
});
