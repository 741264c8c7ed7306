import { afterEach, describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLE_NAMES, readEnvironment } from './env.js';

describe('readEnvironment', () => {
  it('copies only the variables dd-otel uses, keeping empty strings', () => {
    const snapshot = readEnvironment({ DD_SERVICE: 'shop', DD_ENV: '', PATH: '/bin', HOME: '/root' });
    expect(snapshot).toEqual({ DD_SERVICE: 'shop', DD_ENV: '' });
  });

  it('returns a frozen snapshot that later env changes do not affect', () => {
    const env: NodeJS.ProcessEnv = { DD_VERSION: '1.0.0' };
    const snapshot = readEnvironment(env);
    env.DD_VERSION = '2.0.0';
    expect(snapshot.DD_VERSION).toBe('1.0.0');
    expect(Object.isFrozen(snapshot)).toBe(true);
  });

  describe('with process.env', () => {
    const previous = process.env.DD_TRACE_SAMPLE_RATE;
    afterEach(() => {
      if (previous === undefined) delete process.env.DD_TRACE_SAMPLE_RATE;
      else process.env.DD_TRACE_SAMPLE_RATE = previous;
    });

    it('reads process.env by default', () => {
      process.env.DD_TRACE_SAMPLE_RATE = '0.3';
      expect(readEnvironment().DD_TRACE_SAMPLE_RATE).toBe('0.3');
    });
  });

  it('lists every variable once', () => {
    expect(new Set(ENVIRONMENT_VARIABLE_NAMES).size).toBe(ENVIRONMENT_VARIABLE_NAMES.length);
  });
});

describe('design rule: only config/env.ts reads process.env', () => {
  it('holds for every non-test source file in core', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const srcDir = join(fileURLToPath(new URL('.', import.meta.url)), '..');
    const offenders = (readdirSync(srcDir, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support'))
      .filter((file) => relative(srcDir, join(srcDir, file)) !== join('config', 'env.ts'))
      .filter((file) => /process\.env\b/.test(readFileSync(join(srcDir, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
