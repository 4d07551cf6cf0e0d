// The memory figures of catalog entries measured rather than copied: node-llama-cpp's own
// estimator (the one the model library uses) on a model of the entry's shape. It reads only the
// GGUF header, so the model is a sparse file with the full tensor table (writeModelShape):
// gigabytes long, no disk used.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCatalogEntry } from '../../electron/main/services/models/catalog';
import { estimateModelRam } from '../../electron/main/services/models/memory-estimate';
import { DEFAULT_CONTEXT_SIZE } from '../../electron/main/services/models/model-library';
import { CATALOG_SHAPES } from '../fixtures/catalog-shapes';
import { writeModelShape } from '../fixtures/gguf-writer';
import { removeDir, tempDir } from '../helpers/temp-archive';

describe('catalog memory estimates', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('abstractor-shapes-');
  });
  afterAll(() => removeDir(dir));

  for (const shape of CATALOG_SHAPES) {
    it(`${shape.catalogId}: the RAM figure is node-llama-cpp's estimate for its shape`, async () => {
      const entry = findCatalogEntry(shape.catalogId);
      expect(entry, 'the catalog has the entry').toBeDefined();
      expect(entry!.architecture).toBe(shape.options.architecture ?? 'llama');
      expect(entry!.quantization).toBe(shape.quantization);

      const file = path.join(dir, `${shape.catalogId}.gguf`);
      const written = await writeModelShape(file, shape.options, shape.quantization);
      const estimate = await estimateModelRam(file, DEFAULT_CONTEXT_SIZE);
      expect(estimate.contextSize).toBe(DEFAULT_CONTEXT_SIZE);
      // The figure in the catalog is the estimate, rounded to 10 MB.
      expect(Math.abs(entry!.ramBytes - estimate.ramBytes)).toBeLessThan(10_000_000);
      // A pinned size is the real file: the shape's weights must come within 1% of it (the
      // quantizer's choices are modelled, not guessed). Unpinned sizes are approximate.
      if (entry!.bytes !== undefined) expect(Math.abs(entry!.bytes - written.bytes) / entry!.bytes).toBeLessThan(0.01);
      else expect(Math.abs(entry!.approxBytes - written.bytes) / written.bytes).toBeLessThan(0.1);
    });
  }
});
