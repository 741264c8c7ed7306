import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureDiag } from '../config/diag-capture.test-support.js';
import type { DatadogSpan } from '../span/span.js';
import { ChunksAwaitingExportStack } from './chunks-awaiting-export-stack.js';

/** The ESM build's asynchronous load of the export code, which the sources never do (see export-stack-loading.test.ts). */
const load = vi.hoisted(() => ({ loaded: false, release: (): void => undefined }));
vi.mock('../internal/export-stack-loading.js', () => ({
  isExportStackLoaded: () => load.loaded,
  loadExportStack: () =>
    new Promise<void>((resolve) => {
      load.release = () => {
        load.loaded = true;
        resolve();
      };
    }),
}));

afterEach(() => {
  load.loaded = false;
});

const chunk = (id: number): DatadogSpan[] => [{ id } as unknown as DatadogSpan];

describe('ChunksAwaitingExportStack', () => {
  it('lets chunks through at once when the export code is loaded', () => {
    load.loaded = true;
    const exported: DatadogSpan[][] = [];
    const awaiting = new ChunksAwaitingExportStack((c) => exported.push(c));
    expect(awaiting.holdIfNotLoaded(chunk(1))).toBe(false);
    expect(exported).toEqual([]);
  });

  it('holds a bounded number of chunks, exports them in order once loaded, and warns once about the rest', async () => {
    const diagnostics = captureDiag();
    try {
      const exported: number[] = [];
      const awaiting = new ChunksAwaitingExportStack((c) => {
        if (!awaiting.holdIfNotLoaded(c)) exported.push((c[0] as unknown as { id: number }).id);
      });
      for (let id = 0; id < 4100; id++) expect(awaiting.holdIfNotLoaded(chunk(id))).toBe(true);
      load.release();
      await awaiting.whenExported();
      expect(exported).toHaveLength(4096);
      expect(exported.slice(0, 3)).toEqual([0, 1, 2]);
      expect(exported.at(-1)).toBe(4095);
      expect(diagnostics.warnings).toEqual(['@dd-otel/core 4 trace chunks were dropped while the export code loaded']);
    } finally {
      diagnostics.restore();
    }
  });
});
