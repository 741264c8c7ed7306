import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DatadogSpan } from '../span/span.js';
import { ExportBatch, MAX_BATCHED_SPANS } from './export-batch.js';

/** Chunks stand in for real ones: the batch only counts and forwards them. */
function chunkOf(size: number, label: string): DatadogSpan[] {
  return Array.from({ length: size }, () => ({ label }) as unknown as DatadogSpan);
}

function recordingBatch() {
  const exported: DatadogSpan[][] = [];
  const batch = new ExportBatch((chunk) => exported.push(chunk));
  return { batch, exported };
}

describe('ExportBatch', () => {
  it('hands chunks over after the current event-loop turn, in completion order', async () => {
    const { batch, exported } = recordingBatch();
    const first = chunkOf(1, 'a');
    const second = chunkOf(3, 'b');
    batch.add(first);
    batch.add(second);
    expect(exported).toEqual([]);
    await nextTurn();
    expect(exported).toEqual([first, second]);
  });

  it('drains at once when the batch reaches its bound, and then waits for a turn again', async () => {
    const { batch, exported } = recordingBatch();
    batch.add(chunkOf(MAX_BATCHED_SPANS - 1, 'a'));
    expect(exported).toHaveLength(0);
    batch.add(chunkOf(1, 'b'));
    expect(exported).toHaveLength(2);
    batch.add(chunkOf(1, 'c'));
    expect(exported).toHaveLength(2);
    await nextTurn();
    expect(exported).toHaveLength(3);
  });

  it('exports each chunk once when drained before its turn comes', async () => {
    const { batch, exported } = recordingBatch();
    const chunk = chunkOf(2, 'a');
    batch.add(chunk);
    batch.drain();
    expect(exported).toEqual([chunk]);
    await nextTurn();
    await nextTurn();
    expect(exported).toEqual([chunk]);
    batch.drain();
    expect(exported).toEqual([chunk]);
  });
});
