import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript, runScript } from '../reliability/child-process.test-support.js';
import type { BundledScript } from '../reliability/child-process.test-support.js';
import { DatadogContextManager } from './context-manager.js';
import { tickObjectKept } from './tick-shape.js';

/**
 * A loopback HTTP server whose requests run in an AsyncLocalStorage context (dd-otel's, through
 * a registered provider, or a bare one), under full GCs forced every 15 ms for a while; then
 * V8's feedback for `process.nextTick` is printed. Imports resolve from src/reliability.
 */
const SCENARIO = `
import { createServer, get, Agent } from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { ROOT_CONTEXT, context, createContextKey } from '@opentelemetry/api';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

setFlagsFromString('--allow-natives-syntax');
const debugPrint = new Function('f', '%DebugPrint(f)');
let run;
if (process.env.WITH_DD_OTEL === '1') {
  new DatadogTracerProvider({ url: 'http://127.0.0.1:9', flushInterval: 600000 }).register();
  run = (value, fn) => context.with(value, fn);
} else {
  const storage = new AsyncLocalStorage();
  run = (value, fn) => storage.run(value, fn);
}
const key = createContextKey('request');
const server = createServer((req, res) => run(ROOT_CONTEXT.setValue(key, req.url), () => res.end('ok')));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
const start = Date.now();
// Timers run when no nextTick entry is queued: the GCs find none alive.
const collector = setInterval(() => { if (Date.now() - start < 1200) globalThis.gc(); }, 15);
const once = () => new Promise((resolve, reject) =>
  get({ host: '127.0.0.1', port, path: '/', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
await Promise.all(Array.from({ length: 8 }, async () => { while (Date.now() - start < 2500) await once(); }));
clearInterval(collector);
debugPrint(process.nextTick);
agent.destroy();
server.close();
`;

/** How many of nextTick's entry-literal caches are megamorphic, as V8 prints them. */
function megamorphicLiteralCaches(stdout: string): number {
  return stdout.match(/DefineKeyedOwnPropertyInLiteral MEGAMORPHIC/g)?.length ?? 0;
}

describe('keeping a nextTick entry alive', () => {
  let script: BundledScript;
  beforeAll(async () => {
    script = await bundleScript(SCENARIO, 'tick-shape');
  });
  afterAll(() => script?.remove());

  it('keeps one entry, captured on the first enable()', async () => {
    new DatadogContextManager().enable();
    await nextTurn();
    const kept = tickObjectKept();
    expect(kept).toBeTypeOf('object');
    const symbols = Object.getOwnPropertySymbols(kept).map((symbol) => symbol.description);
    expect(symbols).toContain('async_id_symbol');
    new DatadogContextManager().enable();
    await nextTurn();
    expect(tickObjectKept()).toBe(kept);
  });

  it('leaves V8 no way to make nextTick megamorphic when full GCs find no entry alive', async (context) => {
    const run = (withDdOtel: boolean) =>
      runScript(script.path, {
        nodeOptions: ['--expose-gc'],
        env: { PATH: process.env.PATH, WITH_DD_OTEL: withDdOtel ? '1' : '0' },
        timeoutMs: 20_000,
      });
    const [bare, traced] = await Promise.all([run(false), run(true)]);
    expect(bare.code, bare.stderr).toBe(0);
    expect(traced.code, traced.stderr).toBe(0);
    // Other V8 versions may print feedback differently or not fall into it: then there is
    // nothing to compare with.
    if (megamorphicLiteralCaches(bare.stdout) === 0) context.skip();
    expect(megamorphicLiteralCaches(traced.stdout)).toBe(0);
    expect(traced.stdout).toMatch(/DefineKeyedOwnPropertyInLiteral MONOMORPHIC/);
  });
});
