import { ROOT_CONTEXT } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureDiag } from '../config/diag-capture.test-support.js';
import * as loading from '../internal/export-stack-loading.js';
import { resetGlobals, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

/**
 * The ESM build loads the export code asynchronously on the first export
 * (`internal/export-stack-loading-esm.ts`); the sources always have it. This mock stands in for
 * that load, whose timing cannot be produced here: chunks that complete meanwhile must wait,
 * then reach the Agent in order, and `forceFlush()` / `shutdown()` must wait for them.
 */
vi.mock('../internal/export-stack-loading.js', () => {
  const state = {
    loaded: false,
    loads: 0,
    promise: undefined as Promise<void> | undefined,
    settle: (_error?: Error): void => undefined,
  };
  return {
    loadState: state,
    isExportStackLoaded: () => state.loaded,
    loadExportStack: () => {
      state.loads++;
      state.promise ??= new Promise<void>((resolve, reject) => {
        state.settle = (error) => {
          if (error === undefined) {
            state.loaded = true;
            resolve();
          } else reject(error);
        };
      });
      return state.promise;
    },
  };
});

const loadState = (loading as unknown as { loadState: { loaded: boolean; loads: number; promise?: Promise<void>; settle(error?: Error): void } }).loadState;

let harness: Harness | undefined;

afterEach(async () => {
  loadState.settle();
  await harness?.close();
  harness = undefined;
  Object.assign(loadState, { loaded: false, loads: 0, promise: undefined });
  resetGlobals();
});

function endTrace(name: string): void {
  harness!.tracer.startSpan(name, {}, ROOT_CONTEXT).end();
  harness!.provider.getStats(); // reading stats must not need the export code
}

describe('chunks completed while the export code loads', () => {
  it('wait for it, start one load, and reach the Agent in their order once it is there', async () => {
    harness = await startHarness({ flushInterval: 60_000 });
    endTrace('first');
    endTrace('second');
    await new Promise((resolve) => setImmediate(resolve));
    expect(loadState.loads).toBe(1);
    expect(harness.provider.getStats()?.spansQueued).toBe(0);

    const flushed = harness.provider.forceFlush();
    loadState.settle();
    await flushed;
    await harness.agent.waitForSpans(2);
    expect(harness.agent.spans().map((span) => span.name)).toEqual(['first', 'second']);
    expect(harness.provider.getStats()).toMatchObject({ spansQueued: 2, spansSent: 2 });
  });

  it('are sent by shutdown()', async () => {
    harness = await startHarness({ flushInterval: 60_000 });
    endTrace('at.exit');
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = harness.provider.shutdown();
    loadState.settle();
    await stopped;
    await harness.agent.waitForSpans(1);
    expect(harness.agent.spans().map((span) => span.name)).toEqual(['at.exit']);
  });

  it('are dropped with one error when the load fails, and flush and shutdown still resolve', async () => {
    harness = await startHarness({ flushInterval: 60_000 });
    const diagnostics = captureDiag();
    try {
      endTrace('lost.one');
      await new Promise((resolve) => setImmediate(resolve));
      loadState.settle(new Error('Cannot find module ./export-stack.js'));
      await harness.provider.forceFlush();
      endTrace('lost.two');
      await harness.provider.forceFlush();
      expect(diagnostics.errors).toHaveLength(1);
      expect(diagnostics.errors[0]).toMatch(/could not load the export code; 1 trace chunks were dropped.*export-stack/);
      expect(loadState.loads).toBe(1);
      expect(harness.agent.spans()).toEqual([]);
      expect(harness.provider.getStats()).toMatchObject({
        tracesDropped: 2,
        spansDropped: 2,
        droppedByReason: { exportCodeUnavailable: { traces: 2, spans: 2 } },
      });
    } finally {
      diagnostics.restore();
    }
  });
});
