// The PDFs of an encrypted archive (FileStore with a master key): nothing under the archive
// folder holds a plaintext PDF or its sha256, tmp/ included; every reader of a stored file
// (the PDF workers, OCR, the renderer's documents:pdf, bytes sent to a batch) goes through the
// key; and a changed file is refused with file_damaged wherever it is read.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../shared/domain';
import { createHandlers } from '../../electron/main/api/handlers';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';
import { textPdf } from '../fixtures/pdfs';
import { checkIntegrity, HEALTHY, openTempArchive, type TempArchive } from '../helpers/temp-archive';

const CANARY = 'Zanzibar quarantine ledger';
const key = randomBytes(32);
let archive: TempArchive;
const services = () => archive.services;

function everyFile(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function importPdf(name: string, data: Uint8Array): Promise<DocumentRecord> {
  const [outcome] = await services().importer.importMany([{ key: name, name, data }]);
  if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  return outcome.document;
}

beforeAll(async () => {
  archive = await openTempArchive({ archiveKey: key, ocrConcurrency: 1 });
});
afterAll(async () => {
  await archive?.dispose();
});

describe('an encrypted archive’s files', () => {
  const data = textPdf({ pages: [[`${CANARY} for the harbour.`], ['Second page of the ledger.']] });
  const sha = createHash('sha256').update(data).digest('hex');
  let doc: DocumentRecord;

  beforeAll(async () => {
    doc = await importPdf('ledger.pdf', data);
  });

  it('are read by the PDF workers through the key: pages and search work', () => {
    expect(doc).toMatchObject({ status: 'ready', pageCount: 2, sha256: sha });
    expect(services().archive.search('Zanzibar', 10).map((h) => h.documentId)).toEqual([doc.id]);
    expect(checkIntegrity(services().db)).toEqual(HEALTHY);
  });

  it('hold no plaintext and no sha256 anywhere under files/ and tmp/', () => {
    const stored = everyFile(services().layout.files);
    expect(stored).toEqual([services().files.pathFor(sha)]);
    for (const file of [...stored, ...everyFile(services().layout.tmp)]) {
      expect(file).not.toContain(sha.slice(0, 12));
      const bytes = fs.readFileSync(file);
      expect(bytes.includes('%PDF')).toBe(false);
      expect(bytes.includes('Zanzibar')).toBe(false);
    }
  });

  it('are encrypted in tmp/ already, while staged', async () => {
    const source = path.join(archive.dir, '..', `${path.basename(archive.dir)}-source.pdf`);
    fs.writeFileSync(source, data);
    try {
      const staged = await services().files.stageFromPath(source);
      expect(staged.sha256).toBe(sha);
      expect(path.dirname(staged.tempPath)).toBe(services().layout.tmp);
      expect(fs.readFileSync(staged.tempPath).includes('%PDF')).toBe(false);
      await services().files.discard(staged.tempPath);
    } finally {
      fs.rmSync(source, { force: true });
    }
  });

  it('come back decrypted to the renderer (documents:pdf) and to a batch of bytes', async () => {
    const dispatch = createDispatcher(createHandlers(services(), { version: 'test', transport: 'ipc' }));
    const envelope = await dispatch('documents:pdf', { id: doc.id });
    expect(envelope.ok && Buffer.from((envelope.data as { data: Uint8Array }).data).equals(Buffer.from(data))).toBe(true);

    // Bytes sent to a batch are kept in the store first, then imported from there.
    const sent = textPdf({ pages: [['Sent as bytes to a batch: a capybara.']] });
    services().jobs.start({ watch: false });
    await services().jobs.startBatch({ paths: [], files: [{ name: 'sent.pdf', data: sent }], options: { template: null, summarize: false, modelPath: null } });
    await services().jobs.idle();
    expect(services().archive.search('capybara', 10)).toHaveLength(1);
  });

  it('are read by OCR through the key', async () => {
    const scan = await importPdf('scan.pdf', scannedPdf([{ scan: SCAN_LINES }]));
    const result = await services().ocr.recognizeDocument(scan.id, {});
    expect(result.pages).toBe(1);
    expect(services().archive.search('Northwind', 10, scan.id)).toHaveLength(1);
  });

  it('refuse a changed byte with file_damaged: re-import, OCR and documents:pdf alike', async () => {
    const victim = await importPdf('victim.pdf', textPdf({ pages: [['A file that will be tampered with.']] }));
    const file = services().files.pathFor(victim.sha256);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    fs.writeFileSync(file, bytes);

    await expect(services().files.read(victim.sha256)).rejects.toMatchObject({ code: 'file_damaged' });
    services().archive.failImport(victim.id, { code: 'cancelled', message: 'test: read it again' });
    const outcome = await services().importer.retry(victim.id);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'file_damaged' } });

    const scan = await importPdf('scan-victim.pdf', scannedPdf([{ scan: ['A scan that will be tampered with.'] }]));
    const scanFile = services().files.pathFor(scan.sha256);
    fs.writeFileSync(scanFile, fs.readFileSync(scanFile).subarray(0, 200)); // cut short
    await expect(services().ocr.recognizeDocument(scan.id, {})).rejects.toMatchObject({ code: 'file_damaged' });
  });
});
