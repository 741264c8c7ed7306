import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentSnapshot } from './env.js';
import type { DatadogOptions } from './options.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

const spanRules = (env: EnvironmentSnapshot, options?: DatadogOptions) => resolveIsolated(env, options).spanSamplingRules;

function rulesFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dd-otel-span-rules-')), 'rules.json');
  writeFileSync(path, content);
  return path;
}

describe('single-span sampling rules', () => {
  it('are none by default', () => {
    expect(spanRules({})).toEqual([]);
  });

  it('read DD_SPAN_SAMPLING_RULES with snake_case keys, ignoring unknown keys', () => {
    const raw = '[{"service":"shop","name":"db.*","sample_rate":0.5,"max_per_second":10,"resource":"x"}]';
    expect(spanRules({ DD_SPAN_SAMPLING_RULES: raw })).toEqual([{ service: 'shop', name: 'db.*', sampleRate: 0.5, maxPerSecond: 10 }]);
    expect(capture.warnings).toEqual([]);
  });

  it('read DD_SPAN_SAMPLING_RULES_FILE, and the variable wins over the file', () => {
    const path = rulesFile('[{"name":"cache.*"}]');
    expect(spanRules({ DD_SPAN_SAMPLING_RULES_FILE: path })).toEqual([{ name: 'cache.*' }]);
    expect(spanRules({ DD_SPAN_SAMPLING_RULES_FILE: path, DD_SPAN_SAMPLING_RULES: '[{"name":"db.*"}]' })).toEqual([{ name: 'db.*' }]);
  });

  it('warn once, naming the variable, on invalid JSON or an unreadable file', () => {
    expect(spanRules({ DD_SPAN_SAMPLING_RULES: '[{"name":' })).toEqual([]);
    expect(spanRules({ DD_SPAN_SAMPLING_RULES_FILE: join(tmpdir(), 'dd-otel-no-such-rules.json') })).toEqual([]);
    expect(spanRules({ DD_SPAN_SAMPLING_RULES: '{"name":"db.*"}' })).toEqual([]);
    expect(capture.warnings).toHaveLength(3);
    expect(capture.warnings[0]).toContain('DD_SPAN_SAMPLING_RULES');
    expect(capture.warnings[1]).toMatch(/DD_SPAN_SAMPLING_RULES_FILE.*cannot read the file \(ENOENT\)/);
    expect(capture.warnings[2]).toContain('expected a JSON array');
  });

  it('drop an invalid rule alone, naming its index', () => {
    const raw = '[{"name":"db.*","sample_rate":2},{"name":"cache.*"}]';
    expect(spanRules({ DD_SPAN_SAMPLING_RULES: raw })).toEqual([{ name: 'cache.*' }]);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/DD_SPAN_SAMPLING_RULES\[0\].*sampleRate/);
  });

  it('take the option over the environment, as a copy', () => {
    const option = [{ name: 'db.*', sampleRate: 0.25 }];
    const resolved = spanRules({ DD_SPAN_SAMPLING_RULES: '[{"name":"cache.*"}]' }, { spanSamplingRules: option });
    option[0]!.sampleRate = 1;
    expect(resolved).toEqual([{ name: 'db.*', sampleRate: 0.25 }]);
  });
});
