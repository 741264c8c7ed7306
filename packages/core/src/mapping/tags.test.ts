import { describe, expect, it } from 'vitest';
import type { Attributes } from '@opentelemetry/api';
import { mapChunk } from './map-chunk.js';
import { testContext, testSpan } from './test-span.js';

function mapAttributes(attributes: Attributes, configTags: Record<string, string> = {}) {
  const [record] = mapChunk([testSpan({ attributes })], testContext({}, { tags: configTags }));
  return record!;
}

describe('attributes → meta / metrics', () => {
  it('maps the guide custom span: int, string, bool and array attributes', () => {
    const record = mapAttributes({
      'attribute_key1': 1,
      'user.name': 'ada',
      'cache.hit': true,
      'cache.cold': false,
      'ratio': 0.25,
      'tags': ['a', 'b'],
      'codes': [200, 404],
      'flags': [true, false],
    });
    expect(record.metrics).toMatchObject({
      attribute_key1: 1,
      'cache.hit': 1,
      'cache.cold': 0,
      ratio: 0.25,
      'codes.0': 200,
      'codes.1': 404,
      'flags.0': 1,
      'flags.1': 0,
    });
    expect(record.meta).toMatchObject({ 'user.name': 'ada', 'tags.0': 'a', 'tags.1': 'b' });
    expect(record.meta).not.toHaveProperty('tags');
    expect(record.metrics).not.toHaveProperty('codes');
  });

  it('drops NaN, keeps ±Infinity and turns -0 into 0', () => {
    const record = mapAttributes({ nan: NaN, inf: Infinity, ninf: -Infinity, nzero: -0 });
    expect(record.metrics).not.toHaveProperty('nan');
    expect(record.meta).not.toHaveProperty('nan');
    expect(record.metrics.inf).toBe(Infinity);
    expect(record.metrics.ninf).toBe(-Infinity);
    expect(Object.is(record.metrics.nzero, 0)).toBe(true);
  });

  it('drops null/undefined items and nested values inside arrays', () => {
    const record = mapAttributes({
      mixed: ['x', null, undefined, 3] as unknown as string[],
      nested: [['deep'], { a: 1 }] as unknown as string[],
    });
    expect(record.meta['mixed.0']).toBe('x');
    expect(record.metrics['mixed.3']).toBe(3);
    expect(record.meta).not.toHaveProperty('mixed.1');
    expect(Object.keys(record.meta).some((key) => key.startsWith('nested'))).toBe(false);
    expect(Object.keys(record.metrics).some((key) => key.startsWith('nested'))).toBe(false);
  });

  it('drops values that are not attribute values (objects, bigint, functions, symbols)', () => {
    const record = mapAttributes({
      obj: { a: 1 } as unknown as string,
      big: BigInt(5) as unknown as number,
      fn: (() => 1) as unknown as string,
      sym: Symbol('s') as unknown as string,
    });
    for (const key of ['obj', 'big', 'fn', 'sym']) {
      expect(record.meta).not.toHaveProperty(key);
      expect(record.metrics).not.toHaveProperty(key);
    }
  });

  it('consumes the naming keys instead of emitting them', () => {
    const record = mapAttributes({
      'service.name': 'billing',
      'resource.name': 'GET /users/:id',
      'span.type': 'web',
      'operation.name': 'express.request',
    });
    for (const key of ['service.name', 'resource.name', 'span.type', 'operation.name']) {
      expect(record.meta).not.toHaveProperty(key);
    }
    expect(record).toMatchObject({
      service: 'billing',
      resource: 'GET /users/:id',
      type: 'web',
      name: 'express.request',
    });
  });

  it('truncates keys over 200 chars and string values over 25 000 chars with "..."', () => {
    const longKey = 'k'.repeat(250);
    const longValue = 'v'.repeat(30_000);
    const record = mapAttributes({ [longKey]: longValue, [`${longKey}n`]: 7 });
    const truncatedKey = `${'k'.repeat(200)}...`;
    expect(record.meta[truncatedKey]).toBe(`${'v'.repeat(25_000)}...`);
    expect(record.metrics[truncatedKey]).toBe(7);
    expect(record.meta).not.toHaveProperty(longKey);
  });

  it('keeps exactly-at-limit keys and values untouched', () => {
    const key = 'k'.repeat(200);
    const value = 'v'.repeat(25_000);
    const record = mapAttributes({ [key]: value });
    expect(record.meta[key]).toBe(value);
  });

  it('does not split a surrogate pair when truncating', () => {
    const value = `${'v'.repeat(24_999)}😀tail`;
    const record = mapAttributes({ emoji: value });
    expect(record.meta.emoji).toBe(`${'v'.repeat(24_999)}...`);
  });

  it('passes lone surrogates through untouched (the encoder writes U+FFFD)', () => {
    const record = mapAttributes({ lone: 'a\ud800b' });
    expect(record.meta.lone).toBe('a\ud800b');
  });

  describe('http status codes', () => {
    it('mirrors http.response.status_code to meta http.status_code', () => {
      const record = mapAttributes({ 'http.response.status_code': 404 });
      expect(record.metrics['http.response.status_code']).toBe(404);
      expect(record.meta['http.status_code']).toBe('404');
    });

    it('lets an explicit http.status_code attribute win over the mirror', () => {
      const record = mapAttributes({ 'http.response.status_code': 404, 'http.status_code': '418' });
      expect(record.meta['http.status_code']).toBe('418');
      const reversed = mapAttributes({ 'http.status_code': 418, 'http.response.status_code': 404 });
      expect(reversed.meta['http.status_code']).toBe('418');
    });

    it('writes a numeric http.status_code as a meta string, never as a metric', () => {
      const record = mapAttributes({ 'http.status_code': 200 });
      expect(record.meta['http.status_code']).toBe('200');
      expect(record.metrics).not.toHaveProperty('http.status_code');
    });
  });

  describe('collisions with keys the tracer writes', () => {
    it('keeps the tracer values for process, sampling and format keys', () => {
      const record = mapAttributes({
        language: 'python',
        'runtime-id': 'fake',
        process_id: 1,
        _sampling_priority_v1: -1,
        '_dd.top_level': 0,
        'span.kind': 'server',
        '_dd.integration': 'mine',
        events: 'not json',
        '_dd.span_links': 'not json',
      });
      expect(record.meta.language).toBe('javascript');
      expect(record.meta['runtime-id']).not.toBe('fake');
      expect(record.metrics.process_id).toBe(4242);
      expect(record.metrics._sampling_priority_v1).toBe(1);
      expect(record.metrics['_dd.top_level']).toBe(1);
      expect(record.meta['span.kind']).toBe('internal');
      expect(record.meta['_dd.integration']).toBe('otel');
      expect(record.meta).not.toHaveProperty('events');
      expect(record.meta).not.toHaveProperty('_dd.span_links');
      expect(record.metrics).not.toHaveProperty('language');
    });

    it('lets attributes override global tags, env and version (dd-trace-js initial tags)', () => {
      const record = mapAttributes({ team: 'payments', env: 'staging', version: 7 }, { team: 'core', region: 'eu' });
      expect(record.meta.team).toBe('payments');
      expect(record.meta.region).toBe('eu');
      expect(record.meta.env).toBe('staging');
      // A numeric override moves the key to metrics; it must not stay in meta too.
      expect(record.metrics.version).toBe(7);
      expect(record.meta).not.toHaveProperty('version');
    });

    it('maps _dd.measured and analytics.event like dd-trace-js', () => {
      expect(mapAttributes({ '_dd.measured': true }).metrics['_dd.measured']).toBe(1);
      expect(mapAttributes({ '_dd.measured': false }).metrics['_dd.measured']).toBe(0);
      expect(mapAttributes({ 'analytics.event': true }).metrics['_dd1.sr.eausr']).toBe(1);
      expect(mapAttributes({ 'analytics.event': 0 }).metrics['_dd1.sr.eausr']).toBe(0);
    });
  });
});
