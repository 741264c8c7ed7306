import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileQueryStringObfuscation, DEFAULT_QUERY_STRING_OBFUSCATION, globalCopy } from './query-obfuscation.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

const redact = (pattern: RegExp | undefined, query: string): string =>
  pattern === undefined ? query : query.replace(pattern, '<redacted>');

describe('default query string obfuscation', () => {
  const pattern = new RegExp(DEFAULT_QUERY_STRING_OBFUSCATION, 'gi');

  it('redacts secrets and keeps ordinary parameters', () => {
    expect(redact(pattern, 'page=2&password=hunter2&api_key=abc&sort=asc')).toBe('page=2&<redacted>&<redacted>&sort=asc');
    expect(redact(pattern, 'Token=xyz&q=shoes')).toBe('<redacted>&q=shoes');
    expect(redact(pattern, 'q=shoes&color=red')).toBe('q=shoes&color=red');
  });

  it('redacts JWT-looking values', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redact(pattern, `q=1&x=${jwt}`)).toBe('q=1&x=<redacted>');
  });
});

describe('compileQueryStringObfuscation', () => {
  it('compiles with gi flags, and the empty string disables', () => {
    const result = compileQueryStringObfuscation('ssn=\\d+');
    expect(result.ok && result.value?.flags).toBe('gi');
    expect(compileQueryStringObfuscation('')).toEqual({ ok: true, value: undefined });
    expect(compileQueryStringObfuscation('(').ok).toBe(false);
  });
});

describe('globalCopy', () => {
  it('adds the g flag without touching the original', () => {
    const original = /secret/i;
    const copy = globalCopy(original);
    expect(copy.flags).toBe('gi');
    expect(original.flags).toBe('i');
    expect(globalCopy(/a/g).flags).toBe('g');
  });
});

describe('queryStringObfuscation resolution', () => {
  it('uses the dd-trace-js default when nothing is configured', () => {
    const { queryStringObfuscation } = resolveIsolated({});
    expect(queryStringObfuscation?.source).toBe(new RegExp(DEFAULT_QUERY_STRING_OBFUSCATION).source);
    expect(queryStringObfuscation?.flags).toBe('gi');
  });

  it('follows option > DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP', () => {
    const env = { DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP: 'ssn=\\d+' };
    expect(redact(resolveIsolated(env).queryStringObfuscation, 'ssn=123&a=1')).toBe('<redacted>&a=1');
    expect(resolveIsolated(env, { queryStringObfuscation: false }).queryStringObfuscation).toBeUndefined();
    expect(resolveIsolated(env, { queryStringObfuscation: /card=\d+/ }).queryStringObfuscation?.flags).toBe('g');
    expect(resolveIsolated(env, { queryStringObfuscation: '' }).queryStringObfuscation).toBeUndefined();
    expect(resolveIsolated(env, { queryStringObfuscation: 'pin=\\d+' }).queryStringObfuscation?.source).toBe('pin=\\d+');
  });

  it('is disabled by an empty variable', () => {
    expect(resolveIsolated({ DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP: '' }).queryStringObfuscation).toBeUndefined();
  });

  it('warns once about an invalid pattern and uses the default', () => {
    const { queryStringObfuscation } = resolveIsolated({ DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP: '[unclosed' });
    expect(queryStringObfuscation?.source).toBe(new RegExp(DEFAULT_QUERY_STRING_OBFUSCATION).source);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain('DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP');
  });
});
