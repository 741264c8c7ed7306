/**
 * The short form of scripts/load-test.mjs (the 60 s version is `npm run load -w @dd-otel/core`):
 * sustained load through the whole pipeline into the dev agent, every span delivered, RSS growth
 * bounded. The script loads core from a bundle of the current sources, so no build is needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './child-process.test-support.js';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(packageDirectory, 'scripts', 'load-test.mjs');
const RATE = process.env.DD_OTEL_LOAD_RATE ?? '20000';

let bundleDirectory: string;
let coreBundle: string;

beforeAll(async () => {
  bundleDirectory = mkdtempSync(join(tmpdir(), 'dd-otel-load-'));
  coreBundle = join(bundleDirectory, 'core.mjs');
  await build({
    entryPoints: [join(packageDirectory, 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: coreBundle,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __ddCreateRequire } from 'node:module'; const require = __ddCreateRequire(import.meta.url);" },
  });
});
afterAll(() => {
  if (bundleDirectory !== undefined) rmSync(bundleDirectory, { recursive: true, force: true });
});

interface LoadReport {
  created: number;
  received: number;
  dropped: number;
  achievedSpansPerSecond: number;
  rssStartMb: number;
  rssEndMb: number;
  eventLoopDelayMs: { p99: number };
  validation: { payloads: number; problems: number };
  failures: string[];
}

async function runLoad(args: string[]): Promise<LoadReport> {
  const result = await runScript(script, {
    args: [...args, '--core', coreBundle, '--json'],
    env: { ...process.env },
    timeoutMs: 90_000,
  });
  expect(result.stderr).toBe('');
  const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as LoadReport;
  expect(report.failures).toEqual([]);
  expect(result).toMatchObject({ code: 0, killedAfterTimeout: false });
  return report;
}

describe('scripts/load-test.mjs, short form', () => {
  it(`holds ${RATE} spans/s for 3 s: every span delivered, payloads valid, RSS bounded`, async () => {
    const report = await runLoad(['--duration', '3', '--rate', RATE]);
    expect(report.created).toBeGreaterThanOrEqual(Number(RATE) * 3 - 4);
    expect(report.received).toBe(report.created);
    expect(report.dropped).toBe(0);
    expect(report.validation.payloads).toBeGreaterThan(0);
    expect(report.validation.problems).toBe(0);
  }, 120_000);

  it('validates every payload with the dev agent (v0.5, lower rate)', async () => {
    const report = await runLoad(['--duration', '2', '--rate', '4000', '--protocol', '0.5', '--validate', 'all']);
    expect(report.received).toBe(report.created);
    expect(report.validation.problems).toBe(0);
  }, 120_000);
});
