/**
 * A process that uses dd-otel exits on its own whatever the Agent does, and a process that ends
 * normally delivers its spans through the `beforeExit` flush. Each scenario runs in a child
 * process built from source, with a real DatadogTracerProvider and no explicit flush.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript, lastJsonLine, runScript } from './child-process.test-support.js';
import type { BundledScript } from './child-process.test-support.js';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { Fault } from './faulty-agent.test-support.js';
import type { ExporterStats } from '../export/exporter-stats.js';

const CHILD_SOURCE = `
import { writeSync } from 'node:fs';
import { diag, DiagLogLevel, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

const [url, traceCount] = process.argv.slice(2);
const logged = { error: [], warn: [] };
diag.setLogger(
  {
    error: (...args) => logged.error.push(args.join(' ')),
    warn: (...args) => logged.warn.push(args.join(' ')),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  },
  { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
);
const escaped = [];
process.on('unhandledRejection', (reason) => escaped.push('unhandledRejection: ' + String(reason)));
process.on('uncaughtExceptionMonitor', (error) => escaped.push('uncaughtException: ' + String(error)));

const provider = new DatadogTracerProvider({ url, service: 'exit-test' });
const tracer = provider.getTracer('exit-test');
for (let i = 0; i < Number(traceCount); i++) {
  const root = tracer.startSpan('exit.root', { attributes: { index: i } });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  tracer.startSpan('exit.child', {}, parent).end();
  tracer.startSpan('exit.child', {}, parent).end();
  root.end();
}
// No flush and no shutdown: the script simply ends.
process.on('exit', () => {
  writeSync(1, JSON.stringify({ stats: provider.getStats(), logged, escaped }) + '\\n');
});
`;

interface ChildReport {
  stats: ExporterStats;
  logged: { error: string[]; warn: string[] };
  escaped: string[];
}

let child: BundledScript;
beforeAll(async () => {
  child = await bundleScript(CHILD_SOURCE, 'exit-child');
});
afterAll(() => child?.remove());

const TRACES = 200;
const SPANS = TRACES * 3;

describe('a process that ends normally', () => {
  it('delivers every finished span through the beforeExit flush and exits', async () => {
    const agent = await startFaultyAgent(always(HEALTHY));
    try {
      const result = await runScript(child.path, { args: [agent.url, String(TRACES)] });
      expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
      const report = lastJsonLine<ChildReport>(result);
      expect(report.escaped).toEqual([]);
      expect(report.stats).toMatchObject({ spansSent: SPANS, spansDropped: 0 });
      expect(agent.receivedSpans).toBe(SPANS);
      expect(agent.dev.problems()).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});

const faults: Array<[string, Fault | 'not listening']> = [
  ['is not listening', 'not listening'],
  ['never answers', { kind: 'hang' }],
  ['answers after 5 s', { kind: 'slow', ms: 5000 }],
  ['answers 500', { kind: 'status', status: 500 }],
  ['answers 503', { kind: 'status', status: 503 }],
  ['answers 429', { kind: 'status', status: 429 }],
  ['answers 413 to everything', { kind: 'status', status: 413 }],
  ['answers 400', { kind: 'status', status: 400 }],
  ['resets connections', { kind: 'reset' }],
  ['answers with a body that is not JSON', { kind: 'body', body: '<html>nope</html>' }],
];

describe('a process whose Agent misbehaves', () => {
  it.each(faults)('exits on its own, with nothing escaping, when the Agent %s', async (_label, fault) => {
    const agent = await startFaultyAgent(always(fault === 'not listening' ? HEALTHY : fault));
    if (fault === 'not listening') await agent.stop();
    try {
      const result = await runScript(child.path, { args: [agent.url, String(TRACES)] });
      expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
      const report = lastJsonLine<ChildReport>(result);
      expect(report.escaped).toEqual([]);
      expect(report.logged.error.filter((text) => /internal error|Unexpected error/.test(text))).toEqual([]);
      // What was not delivered is either counted as dropped or still waiting for a retry the
      // process did not stay alive for; nothing is counted twice.
      const { spansSent, spansDropped } = report.stats;
      expect(spansSent + spansDropped).toBeLessThanOrEqual(SPANS);
      expect(agent.receivedSpans).toBe(spansSent);
    } finally {
      await agent.close();
    }
  });
});
