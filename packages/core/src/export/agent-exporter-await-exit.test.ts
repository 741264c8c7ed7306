/**
 * An ESM app that awaits `flush()`/`shutdown()` at top level while the Agent is unreachable must
 * see the promise settle: if nothing ref'd were left in the event loop (every retry timer is
 * unref'd), Node would end the process with exit code 13 ("unsettled top-level await") instead.
 * Each scenario runs in a child process, bundled from source as an ES module.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript, lastJsonLine, runScript } from '../reliability/child-process.test-support.js';
import type { BundledScript } from '../reliability/child-process.test-support.js';
import type { ExporterStats } from './exporter-stats.js';
import { findClosedPort, startFakeAgent } from './test-support.js';

const EXPORTER_CHILD = `
import { AgentExporter } from '../export/agent-exporter.js';
import { makeChunk } from '../export/test-support.js';

const [awaited, agentUrl] = process.argv.slice(2);
const exporter = new AgentExporter({
  config: { agentUrl, protocolVersion: '0.4', flushIntervalMs: 60_000, maxQueuedBytes: 1 << 24 },
  tracerVersion: 'test',
  requestTimeoutMs: 300,
  // The first back-off outlasts every bound below: only the exporter's own hold can keep the
  // process alive long enough for the awaited promise to settle.
  retry: { initialDelayMs: 30_000, maxAttempts: 5 },
  flushTimeoutMs: 700,
  shutdownTimeoutMs: 700,
});
for (let i = 0; i < 10; i++) exporter.export(makeChunk(2));
if (awaited === 'flush') await exporter.flush();
else await exporter.shutdown();
process.stdout.write(JSON.stringify(exporter.getStats()) + '\\n');
`;

const PROVIDER_CHILD = `
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

const provider = new DatadogTracerProvider({ url: process.argv[2], service: 'await-exit', logLevel: 'none' });
const tracer = provider.getTracer('await-exit');
for (let i = 0; i < 10; i++) tracer.startSpan('await.exit').end();
await provider.forceFlush();
process.stdout.write('flushed\\n');
await provider.shutdown();
process.stdout.write(JSON.stringify(provider.getStats()) + '\\n');
`;

let exporterChild: BundledScript;
let providerChild: BundledScript;
beforeAll(async () => {
  [exporterChild, providerChild] = await Promise.all([
    bundleScript(EXPORTER_CHILD, 'await-exporter'),
    bundleScript(PROVIDER_CHILD, 'await-provider'),
  ]);
});
afterAll(() => {
  exporterChild?.remove();
  providerChild?.remove();
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function unreachableUrl(): Promise<string> {
  return `http://127.0.0.1:${await findClosedPort()}`;
}

/** Accepts connections, answers `/info`, never answers trace requests. */
async function hangingAgentUrl(): Promise<string> {
  const fake = await startFakeAgent(
    (request, res) => {
      if (request.url === '/info') res.writeHead(404).end();
    },
    { keepAliveTimeoutMs: 60_000 },
  );
  cleanups.push(() => fake.close());
  return fake.url;
}

describe('an ESM app awaiting the exporter at top level', () => {
  it('sees flush() settle and exits 0 when the Agent is not listening', async () => {
    const result = await runScript(exporterChild.path, { args: ['flush', await unreachableUrl()] });
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
    // Settled by the flush timeout: the payload still waited for its retry.
    expect(lastJsonLine<ExporterStats>(result)).toMatchObject({ lastError: 'ECONNREFUSED', tracesSent: 0, tracesDropped: 0 });
  });

  it('sees flush() settle and exits 0 when the Agent never answers', async () => {
    const result = await runScript(exporterChild.path, { args: ['flush', await hangingAgentUrl()] });
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
    expect(lastJsonLine<ExporterStats>(result)).toMatchObject({ lastError: 'ETIMEDOUT', tracesSent: 0 });
  });

  it('sees shutdown() settle and exits 0 when the Agent is not listening', async () => {
    const result = await runScript(exporterChild.path, { args: ['shutdown', await unreachableUrl()] });
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
    expect(lastJsonLine<ExporterStats>(result)).toMatchObject({ droppedByReason: { shutdown: { traces: 10, spans: 20 } } });
  });
});

describe('an ESM app awaiting the provider at top level', () => {
  it('gets past forceFlush() and shutdown() with default settings when the Agent is not listening', async () => {
    const result = await runScript(providerChild.path, { args: [await unreachableUrl()] });
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
    expect(result.stdout).toContain('flushed\n');
    expect(lastJsonLine<ExporterStats>(result)).toMatchObject({ spansSent: 0, spansDropped: 10 });
  });
});
