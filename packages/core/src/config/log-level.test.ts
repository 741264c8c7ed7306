import { DiagLogLevel } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLogLevel, toDiagLogLevel } from './log-level.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

describe('parseLogLevel', () => {
  it.each([
    ['debug', 'debug'],
    ['DEBUG', 'debug'],
    ['warning', 'warn'],
    ['off', 'none'],
    ['trace', 'verbose'],
    ['critical', 'error'],
    ['ALL', 'all'],
  ])('%s → %s', (raw, level) => {
    expect(parseLogLevel(raw)).toEqual({ ok: true, value: level });
  });

  it('rejects unknown names', () => {
    expect(parseLogLevel('loud').ok).toBe(false);
  });
});

describe('log level resolution', () => {
  const level = (env: Parameters<typeof resolveIsolated>[0], logLevel?: 'error') =>
    resolveIsolated(env, logLevel === undefined ? undefined : { logLevel }).logLevel;

  it('defaults to warn', () => {
    expect(level({})).toBe('warn');
  });

  it('follows option > DD_TRACE_LOG_LEVEL > DD_LOG_LEVEL > OTEL_LOG_LEVEL > DD_TRACE_DEBUG', () => {
    const env = { DD_TRACE_LOG_LEVEL: 'info', DD_LOG_LEVEL: 'error', OTEL_LOG_LEVEL: 'verbose', DD_TRACE_DEBUG: 'true' };
    expect(level(env, 'error')).toBe('error');
    expect(level(env)).toBe('info');
    expect(level({ DD_LOG_LEVEL: 'error', OTEL_LOG_LEVEL: 'verbose' })).toBe('error');
    expect(level({ OTEL_LOG_LEVEL: 'verbose', DD_TRACE_DEBUG: 'true' })).toBe('verbose');
    expect(level({ DD_TRACE_DEBUG: 'true' })).toBe('debug');
    expect(level({ DD_TRACE_DEBUG: 'false' })).toBe('warn');
  });

  it('enables debug with OTEL_LOG_LEVEL=debug', () => {
    expect(level({ OTEL_LOG_LEVEL: 'debug' })).toBe('debug');
  });

  it('warns once about an invalid level or debug switch and uses the next source', () => {
    expect(level({ DD_TRACE_LOG_LEVEL: 'chatty' })).toBe('warn');
    expect(level({ DD_TRACE_DEBUG: 'yes' })).toBe('warn');
    expect(capture.warnings).toHaveLength(2);
    expect(capture.warnings[0]).toContain('DD_TRACE_LOG_LEVEL');
    expect(capture.warnings[1]).toContain('DD_TRACE_DEBUG');
  });
});

describe('toDiagLogLevel', () => {
  it('maps to the OTel diag levels', () => {
    expect(toDiagLogLevel('none')).toBe(DiagLogLevel.NONE);
    expect(toDiagLogLevel('warn')).toBe(DiagLogLevel.WARN);
    expect(toDiagLogLevel('all')).toBe(DiagLogLevel.ALL);
  });
});
