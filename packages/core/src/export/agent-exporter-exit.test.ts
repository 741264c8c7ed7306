import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgentExporter } from './agent-exporter.js';
import type { AgentExporterOptions } from './agent-exporter.js';
import { findClosedPort, makeChunk, startFakeAgent } from './test-support.js';
import type { FakeAgent } from './test-support.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function countByType(resources: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of resources) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function extraResources(baseline: string[]): string[] {
  const before = countByType(baseline);
  // Unref'd handles and timers are not listed, so anything new here would hold the process.
  const extra: string[] = [];
  for (const [type, count] of countByType(process.getActiveResourcesInfo())) {
    for (let i = before.get(type) ?? 0; i < count; i++) extra.push(type);
  }
  return extra;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Waits without timers of its own (vi.waitFor's would be caught by the setTimeout spy). */
async function turnsUntil(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 100_000 && !condition(); turn++) await nextTurn();
  expect(condition()).toBe(true);
}

interface TimerWatch {
  timers: NodeJS.Timeout[];
  /** Handle types (timers aside) that appeared since the watch started. */
  extraHandles(): string[];
}

/** Records every timer created from now on; restored after the test. */
async function watchTimers(): Promise<TimerWatch> {
  await nextTurn();
  // Timers are checked one by one: vitest's own come and go, so counting them is unreliable.
  const baselineHandles = process.getActiveResourcesInfo().filter((type) => type !== 'Timeout');
  const timers: NodeJS.Timeout[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
    const timer = realSetTimeout(...args);
    timers.push(timer);
    return timer;
  }) as typeof setTimeout);
  cleanups.push(() => spy.mockRestore());
  return { timers, extraHandles: () => extraResources(baselineHandles).filter((type) => type !== 'Timeout') };
}

async function unreachableExporter(options: Partial<AgentExporterOptions> = {}): Promise<AgentExporter> {
  const port = await findClosedPort();
  const subject = new AgentExporter({
    config: { agentUrl: `http://127.0.0.1:${port}`, protocolVersion: '0.4', flushIntervalMs: 60_000, maxQueuedBytes: 1 << 24 },
    tracerVersion: 'test',
    retry: { initialDelayMs: 60_000, maxAttempts: 5 },
    shutdownTimeoutMs: 50,
    ...options,
  });
  cleanups.push(() => subject.shutdown());
  return subject;
}

describe('AgentExporter keeps nothing alive (in process)', () => {
  it('holds no ref-counted timer or socket while a flush is scheduled or a retry waits', async () => {
    const watch = await watchTimers();
    const subject = await unreachableExporter({ flushThresholdBytes: 1000 });

    // Past the size threshold: sent at once, without anyone awaiting it.
    subject.export(makeChunk(1, 2000));
    await turnsUntil(() => subject.getStats().lastError === 'ECONNREFUSED');
    subject.export(makeChunk());
    await nextTurn();

    // Now a retry wait and a flush timer are pending (plus the finished request's timeout).
    expect(watch.timers.length).toBeGreaterThanOrEqual(2);
    expect(watch.timers.filter((timer) => timer.hasRef())).toEqual([]);
    expect(watch.extraHandles()).toEqual([]);

    await subject.shutdown();
    expect(subject.getStats().droppedByReason.shutdown.traces).toBe(2);
  });

  it('holds exactly one ref-counted timer while a caller awaits flush(), and none for a repeat', async () => {
    const watch = await watchTimers();
    const subject = await unreachableExporter({ flushTimeoutMs: 100 });

    subject.export(makeChunk());
    const flushed = subject.flush();
    await turnsUntil(() => subject.getStats().lastError === 'ECONNREFUSED');
    // Only the awaited flush holds the process; the retry wait behind it does not.
    expect(watch.timers.filter((timer) => timer.hasRef())).toHaveLength(1);

    await flushed;
    // The flush gave up after flushTimeoutMs; the payload still waits for its retry.
    expect(subject.getStats()).toMatchObject({ tracesSent: 0, tracesDropped: 0 });
    const timersBefore = watch.timers.length;
    // A second flush has nothing new to wait for: it settles without holding the process again.
    await subject.flush();
    expect(watch.timers.slice(timersBefore).filter((timer) => timer.hasRef())).toEqual([]);

    await subject.shutdown();
    expect(subject.getStats().droppedByReason.shutdown.traces).toBe(1);
  });
});

const exportDirectory = dirname(fileURLToPath(import.meta.url));
let bundleDirectory: string;
let childScript: string;

const CHILD_SOURCE = `
import { AgentExporter } from './agent-exporter.js';
import type { AgentExporterOptions } from './agent-exporter.js';
import { makeChunk } from './test-support.js';

const [scenario, agentUrl] = process.argv.slice(2);
const exporter = new AgentExporter({
  config: { agentUrl, protocolVersion: '0.4', flushIntervalMs: scenario === 'pending' ? 60_000 : 0, maxQueuedBytes: 1 << 24 },
  tracerVersion: 'test',
  requestTimeoutMs: 300,
  retry: { initialDelayMs: 30_000, maxAttempts: 5 },
});
for (let i = 0; i < 10; i++) exporter.export(makeChunk(2));
if (scenario === 'delivered') {
  await exporter.flush();
  process.stdout.write(JSON.stringify(exporter.getStats()));
}
`;

beforeAll(async () => {
  // There is no TypeScript loader for a plain node child: bundle the exporter into one .mjs.
  bundleDirectory = mkdtempSync(join(tmpdir(), 'dd-otel-exit-'));
  childScript = join(bundleDirectory, 'child.mjs');
  await build({
    stdin: { contents: CHILD_SOURCE, resolveDir: exportDirectory, loader: 'ts', sourcefile: 'child.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: childScript,
    logLevel: 'silent',
  });
});

afterAll(() => {
  rmSync(bundleDirectory, { recursive: true, force: true });
});

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the child; it is killed only if it is still alive after a generous 15 s. */
function runChild(scenario: string, agentUrl: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [childScript, scenario, agentUrl], { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: child.exitCode, signal: child.signalCode ?? (error?.killed === true ? 'SIGTERM' : null), stdout, stderr });
    });
  });
}

async function fakeAgent(answer: boolean): Promise<FakeAgent> {
  const fake = await startFakeAgent(
    (request, res) => {
      if (answer || request.url === '/info') res.writeHead(200).end('{"rate_by_service":{}}');
    },
    { keepAliveTimeoutMs: 60_000 },
  );
  cleanups.push(() => fake.close());
  return fake;
}

describe('a process using the exporter exits on its own', () => {
  it('with spans sent to an unreachable Agent and retries pending', async () => {
    const port = await findClosedPort();
    const result = await runChild('unreachable', `http://127.0.0.1:${port}`);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('with spans pending behind the flush timer', async () => {
    const port = await findClosedPort();
    const result = await runChild('pending', `http://127.0.0.1:${port}`);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('with an Agent that accepts connections but never answers', async () => {
    const fake = await fakeAgent(false);
    const result = await runChild('hanging', fake.url);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(fake.traceRequests.length).toBeGreaterThan(0);
  });

  it('after delivering, with the keep-alive socket left open by the Agent', async () => {
    const fake = await fakeAgent(true);
    const result = await runChild('delivered', fake.url);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ tracesSent: 10, spansSent: 20 });
  });
});
