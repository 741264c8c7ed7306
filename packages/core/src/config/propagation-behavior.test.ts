import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';
import { parsePropagationBehaviorExtract } from './propagation-behavior.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

describe('parsePropagationBehaviorExtract', () => {
  it.each([
    ['continue', 'continue'],
    ['restart', 'restart'],
    ['ignore', 'ignore'],
    [' Restart ', 'restart'],
    ['IGNORE', 'ignore'],
  ])('%j → %s', (raw, behavior) => {
    expect(parsePropagationBehaviorExtract(raw)).toEqual({ ok: true, value: behavior });
  });

  it('suggests the closest value for a typo, and lists the values otherwise', () => {
    expect(parsePropagationBehaviorExtract('restrat')).toEqual({
      ok: false,
      reason: 'expected one of continue, restart, ignore; did you mean "restart"?',
    });
    expect(parsePropagationBehaviorExtract('drop')).toEqual({
      ok: false,
      reason: 'expected one of continue, restart, ignore',
    });
  });
});

describe('propagationBehaviorExtract resolution', () => {
  it('defaults to continue', () => {
    expect(resolveIsolated({}).propagationBehaviorExtract).toBe('continue');
    expect(capture.warnings).toEqual([]);
  });

  it('reads DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT', () => {
    expect(resolveIsolated({ DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart' }).propagationBehaviorExtract).toBe('restart');
    expect(resolveIsolated({ DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore' }).propagationBehaviorExtract).toBe('ignore');
    expect(capture.warnings).toEqual([]);
  });

  it('lets the option win over the variable', () => {
    const config = resolveIsolated(
      { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore' },
      { propagationBehaviorExtract: 'restart' },
    );
    expect(config.propagationBehaviorExtract).toBe('restart');
  });

  it('warns once, naming the variable and the likely value, and continues on a typo', () => {
    const config = resolveIsolated({ DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restrat' });
    expect(config.propagationBehaviorExtract).toBe('continue');
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain('Invalid DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT="restrat"');
    expect(capture.warnings[0]).toContain('did you mean "restart"?');
  });

  it('treats a blank value as unset, without a warning', () => {
    expect(resolveIsolated({ DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: '  ' }).propagationBehaviorExtract).toBe('continue');
    expect(capture.warnings).toEqual([]);
  });

  it('throws a TypeError naming the option for a wrong programmatic value', () => {
    expect(() => resolveIsolated({}, { propagationBehaviorExtract: 'drop' as never })).toThrow(
      new TypeError(
        '@dd-otel/core: invalid option "propagationBehaviorExtract": expected one of "continue", "restart", "ignore" (got "drop")',
      ),
    );
  });
});
