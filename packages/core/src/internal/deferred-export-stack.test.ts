import { describe, expect, it } from 'vitest';
import type { AgentExporterOptions } from '../export/agent-exporter.js';
import type { ExportStack } from './deferred-export-stack.js';
import { deferredExportStack } from './deferred-export-stack.js';

const OPTIONS = {
  config: { agentUrl: 'http://127.0.0.1:9', protocolVersion: '0.4', flushIntervalMs: 2000, maxQueuedBytes: 1 << 20 },
  tracerVersion: 'test',
} satisfies AgentExporterOptions;

/** A fake export stack that records what was loaded, built and called. */
function fakeStack() {
  const calls: string[] = [];
  let loads = 0;
  class FakeExporter {
    constructor(readonly options: AgentExporterOptions) {
      calls.push('construct');
    }
    supportsSpanEvents = true;
    export(chunk: unknown[]): void {
      calls.push(`export ${chunk.length}`);
    }
    flush(): Promise<void> {
      calls.push('flush');
      return Promise.resolve();
    }
    shutdown(): Promise<void> {
      calls.push('shutdown');
      return Promise.resolve();
    }
    getStats() {
      calls.push('getStats');
      return { spansQueued: 7 };
    }
  }
  const stack = {
    AgentExporter: FakeExporter,
    createChunkMapper: () => () => {
      calls.push('map');
      return [];
    },
  } as unknown as ExportStack;
  const load = () => {
    loads++;
    return stack;
  };
  return { calls, load, loads: () => loads };
}

describe('deferredExportStack', () => {
  it('loads nothing until the first export, and behaves as a fresh exporter meanwhile', async () => {
    const fake = fakeStack();
    const { AgentExporter } = deferredExportStack(fake.load);
    const exporter = new AgentExporter(OPTIONS);
    expect(exporter.supportsSpanEvents).toBe(false);
    await exporter.flush();
    expect(fake.loads()).toBe(0);
    expect(fake.calls).toEqual([]);
  });

  it('builds the real exporter once, with the same options, and forwards every call to it', async () => {
    const fake = fakeStack();
    const { AgentExporter } = deferredExportStack(fake.load);
    const exporter = new AgentExporter(OPTIONS);
    exporter.export([]);
    exporter.export([]);
    expect(exporter.supportsSpanEvents).toBe(true);
    await exporter.flush();
    expect(exporter.getStats()).toEqual({ spansQueued: 7 });
    await exporter.shutdown();
    expect(fake.loads()).toBe(1);
    expect(fake.calls).toEqual(['construct', 'export 0', 'export 0', 'flush', 'getStats', 'shutdown']);
  });

  it('loads the stack for stats or shutdown asked before any export', async () => {
    const fake = fakeStack();
    const { AgentExporter } = deferredExportStack(fake.load);
    expect(new AgentExporter(OPTIONS).getStats()).toEqual({ spansQueued: 7 });
    await new AgentExporter(OPTIONS).shutdown();
    expect(fake.calls).toEqual(['construct', 'getStats', 'construct', 'shutdown']);
    expect(fake.loads()).toBe(1);
  });

  it('loads the mapping when the first chunk mapper is made', () => {
    const fake = fakeStack();
    const { createChunkMapper } = deferredExportStack(fake.load);
    expect(fake.loads()).toBe(0);
    const mapChunk = createChunkMapper({} as Parameters<ExportStack['createChunkMapper']>[0]);
    mapChunk([]);
    expect(fake.loads()).toBe(1);
    expect(fake.calls).toEqual(['map']);
  });
});

describe('deferredExportStack while the stack is not loaded yet (ESM build)', () => {
  it('reads zero stats and shuts down without building an exporter, then uses the stack once it is there', async () => {
    const fake = fakeStack();
    let available = false;
    const { AgentExporter } = deferredExportStack(() => (available ? fake.load() : undefined));
    const exporter = new AgentExporter(OPTIONS);
    expect(exporter.getStats()).toMatchObject({ spansQueued: 0, tracesSent: 0, lastError: undefined });
    await new AgentExporter(OPTIONS).shutdown();
    expect(() => exporter.export([])).toThrow(/before it was loaded/);
    expect(fake.calls).toEqual([]);

    available = true;
    exporter.export([]);
    expect(exporter.getStats()).toEqual({ spansQueued: 7 });
    expect(fake.calls).toEqual(['construct', 'export 0', 'getStats']);
  });
});
