// documents:pdfRange, the reader's way to a document's PDF: any range of a stored file comes
// back as the same bytes in a plaintext and an encrypted archive (chunks opened one by one,
// each still checked), and every hostile request is refused with a code, not a crash.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../shared/domain';
import { PDF_RANGE_MAX_BYTES } from '../../shared/pdf-range';
import { createHandlers } from '../../electron/main/api/handlers';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { largePdf } from '../fixtures/pdfs';
import { openTempArchive, type TempArchive } from '../helpers/temp-archive';

// Several of the encrypted format's 64 KiB chunks, with a short last one.
const data = largePdf(120, { title: 'Range fixture' });
const CHUNK = 64 * 1024;

for (const encrypted of [false, true]) {
  describe(`documents:pdfRange (${encrypted ? 'encrypted' : 'plaintext'} archive)`, () => {
    let archive: TempArchive;
    let dispatch: Dispatch;
    let doc: DocumentRecord;
    const range = async (begin: number, end: number) => {
      const envelope = await dispatch('documents:pdfRange', { id: doc.id, begin, end });
      if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
      return envelope.data as { size: number; data: Uint8Array };
    };

    beforeAll(async () => {
      archive = await openTempArchive(encrypted ? { archiveKey: randomBytes(32) } : {});
      dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
      const [outcome] = await archive.services.importer.importMany([{ key: 'r', name: 'range.pdf', data }]);
      if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
      doc = outcome.document;
    });
    afterAll(async () => {
      await archive?.dispose();
    });

    it('gives back the same bytes for ranges inside, across and at the ends of chunks', async () => {
      expect(data.length).toBeGreaterThan(3 * CHUNK);
      const cases: Array<[number, number]> = [
        [0, 1],
        [0, 1000],
        [CHUNK - 10, CHUNK + 10],
        [CHUNK, 2 * CHUNK],
        [CHUNK + 5, 3 * CHUNK + 7],
        [data.length - 100, data.length],
        [data.length - 1, data.length],
        [0, data.length],
      ];
      for (const [begin, end] of cases) {
        const got = await range(begin, end);
        expect(got.size, `${begin}-${end}`).toBe(data.length);
        expect(Buffer.from(got.data).equals(Buffer.from(data.subarray(begin, end))), `${begin}-${end}`).toBe(true);
      }
    });

    it('cuts an end past the file to its end (the first request does not know the size)', async () => {
      const got = await range(data.length - 10, data.length + 1_000_000);
      expect(got.size).toBe(data.length);
      expect(Buffer.from(got.data).equals(Buffer.from(data.subarray(data.length - 10)))).toBe(true);
    });

    it('refuses hostile ranges and ids with invalid_request or not_found, and keeps serving', async () => {
      const hostile: Array<[unknown, string]> = [
        [{ id: doc.id, begin: data.length, end: data.length + 10 }, 'invalid_request'], // begins past the end
        [{ id: doc.id, begin: data.length + 5_000_000, end: data.length + 5_000_001 }, 'invalid_request'],
        [{ id: doc.id, begin: 10, end: 10 }, 'invalid_request'], // empty
        [{ id: doc.id, begin: 100, end: 50 }, 'invalid_request'], // backwards
        [{ id: doc.id, begin: -1, end: 10 }, 'invalid_request'],
        [{ id: doc.id, begin: 0.5, end: 10 }, 'invalid_request'],
        [{ id: doc.id, begin: 0, end: PDF_RANGE_MAX_BYTES + 1 }, 'invalid_request'], // too much at once
        [{ id: doc.id, begin: 0, end: Number.MAX_SAFE_INTEGER }, 'invalid_request'],
        [{ id: doc.id, begin: 0, end: 1e300 }, 'invalid_request'],
        [{ id: doc.id, begin: '0', end: '10' }, 'invalid_request'],
        [{ id: doc.id, begin: 0 }, 'invalid_request'],
        [{ id: doc.id, begin: null, end: 10 }, 'invalid_request'],
        [{ id: 0, begin: 0, end: 10 }, 'invalid_request'],
        [{ id: -3, begin: 0, end: 10 }, 'invalid_request'],
        [{ id: '1', begin: 0, end: 10 }, 'invalid_request'],
        [{ id: '../../etc/passwd', begin: 0, end: 10 }, 'invalid_request'],
        [{ path: '/etc/passwd', begin: 0, end: 10 }, 'invalid_request'],
        [{ id: 999_999, begin: 0, end: 10 }, 'not_found'],
      ];
      for (const [payload, code] of hostile) {
        const envelope = await dispatch('documents:pdfRange', payload);
        expect(envelope, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code } });
      }
      expect((await range(0, 5)).data).toEqual(data.subarray(0, 5));
    });

    if (encrypted) {
      it('refuses a range whose chunk was changed with file_damaged; untouched chunks still read', async () => {
        const file = archive.services.files.pathFor(doc.sha256);
        const bytes = fs.readFileSync(file);
        const header = 32;
        bytes[header + CHUNK + 16 + 100]! ^= 0x01; // inside the second sealed chunk
        fs.writeFileSync(file, bytes);
        const envelope = await dispatch('documents:pdfRange', { id: doc.id, begin: CHUNK + 50, end: CHUNK + 200 });
        expect(envelope).toMatchObject({ ok: false, error: { code: 'file_damaged' } });
        expect(Buffer.from((await range(0, 100)).data).equals(Buffer.from(data.subarray(0, 100)))).toBe(true);
        // A file cut short: its last chunk (which pdf.js reads first, for the trailer) fails.
        fs.writeFileSync(file, bytes.subarray(0, bytes.length - 7));
        const tail = { id: doc.id, begin: data.length - 100, end: data.length };
        expect(await dispatch('documents:pdfRange', tail)).toMatchObject({ ok: false, error: { code: 'file_damaged' } });
      });
    }
  });
}
