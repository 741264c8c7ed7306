import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureDiag } from '../config/diag-capture.test-support.js';
import type { DatadogSpan } from '../span/span.js';
import { ChunksAwaitingExportStack } from './chunks-awaiting-export-stack.js';

/** The ESM build's asynchronous load of the export code, which the sources never do (see export-stack-loading.test.ts). */
const load = vi.hoisted(() => ({ loaded: false, release: (): void => undefined, fail: (_error: Error): void => undefined }));
vi.mock('../internal/export-stack-loading.js', () => ({
  isExportStackLoaded: () => load.loaded,
  loadExportStack: () =>
    new Promise<void>((resolve, reject) => {
      load.release = () => {
        load.loaded = true;
        resolve();
      };
      load.fail = reject;
    }),
}));

afterEach(() => {
  load.loaded = false;
});

const chunk = (id: number, spans = 1): DatadogSpan[] => Array.from({ length: spans }, () => ({ id }) as unknown as DatadogSpan);

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
      expect(awaiting.dropped).toEqual({ overflow: { traces: 4, spans: 4 }, loadFailed: { traces: 0, spans: 0 } });
    } finally {
      diagnostics.restore();
    }
  });

  it('counts what a failed load dropped: the chunks it held and those after it, with their spans', async () => {
    const diagnostics = captureDiag();
    try {
      const awaiting = new ChunksAwaitingExportStack(() => undefined);
      awaiting.holdIfNotLoaded(chunk(1, 3));
      awaiting.holdIfNotLoaded(chunk(2));
      load.fail(new Error('Cannot find module'));
      await awaiting.whenExported();
      expect(awaiting.holdIfNotLoaded(chunk(3, 2))).toBe(true);
      expect(awaiting.dropped).toEqual({ overflow: { traces: 0, spans: 0 }, loadFailed: { traces: 3, spans: 6 } });
      expect(diagnostics.errors).toHaveLength(1);
    } finally {
      diagnostics.restore();
    }
  });
});
