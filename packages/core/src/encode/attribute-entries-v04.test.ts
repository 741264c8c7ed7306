import type { Attributes } from '@opentelemetry/api';
import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { AttributeEntriesV04 } from './attribute-entries-v04.js';
import { writeKey } from './key-cache.js';
import { MsgpackWriter } from './msgpack-writer.js';

const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });

/** What the runs must write: every string entry but the naming keys, encoded afresh. */
function encodedAfresh(attributes: Attributes): Buffer {
  const writer = new MsgpackWriter();
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string' || key === 'operation.name' || key === 'resource.name' || key === 'service.name' || key === 'span.type') continue;
    writeKey(writer, key);
    writer.str(value);
  }
  return writer.take();
}

/** Writes each span's meta entries through one `AttributeEntriesV04` and returns each span's bytes. */
function writeAll(spans: Attributes[], writer = new MsgpackWriter({ initialSize: 64 }), runs = new AttributeEntriesV04()): Buffer[] {
  const ranges: Array<[number, number]> = [];
  for (const attributes of spans) {
    const start = writer.length;
    runs.write(writer, attributes);
    ranges.push([start, writer.length]);
  }
  const bytes = writer.take();
  return ranges.map(([start, end]) => Buffer.from(bytes.subarray(start, end)));
}

const request = (port: number, url = 'http://localhost:3000/users/1'): Attributes => ({
  'operation.name': 'fastify.request',
  component: 'fastify',
  'http.method': 'GET',
  'http.url': url,
  'network.peer.port': port,
  'url.scheme': 'http',
  'http.useragent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
  'server.address': 'localhost',
  'network.peer.address': '127.0.0.1',
});

describe('AttributeEntriesV04', () => {
  it('writes the same bytes as encoding every entry, when entries repeat, change or move', () => {
    const spans: Attributes[] = [
      request(1),
      request(2),
      request(3, 'http://localhost:3000/users/2'),
      { ...request(4), component: 'express' },
      { ...request(5), 'http.useragent': 'curl/8.5.0 ünïcode' },
      { extra: 'first', ...request(6) },
      request(7),
      {},
      request(8),
      { ...request(9), 'span.type': 'web', 'http.route': '/users/:id' },
      { ...request(10), 'http.route': '/users/:id' },
      { ...request(11), 'http.url': `http://localhost:3000/search?q=${'x'.repeat(600)}` },
      { ...request(12), 'http.url': `http://localhost:3000/search?q=${'x'.repeat(600)}` },
    ];
    const written = writeAll(spans);
    spans.forEach((attributes, i) => expect(written[i], `span ${i}`).toEqual(encodedAfresh(attributes)));
  });

  it('counts the entries it wrote, copied ones included', () => {
    const writer = new MsgpackWriter();
    const runs = new AttributeEntriesV04();
    expect(runs.write(writer, request(1))).toBe(7);
    expect(runs.write(writer, request(2))).toBe(7);
    expect(runs.write(writer, { ...request(3), extra: 'x', flag: true })).toBe(8);
  });

  it('writes the number and boolean attributes of the last span as metrics, NaN left out', () => {
    const writer = new MsgpackWriter();
    const entries = new AttributeEntriesV04();
    entries.write(writer, { ...request(51234), 'http.response.status_code': 200, ratio: 0.5, cached: true, hit: false, bad: NaN });
    const start = writer.length;
    writer.mapHeader(5);
    expect(entries.writeMetrics(writer)).toBe(5);
    expect(unpackr.unpack(writer.take().subarray(start))).toEqual(
      new Map<string, number>([['network.peer.port', 51234], ['http.response.status_code', 200], ['ratio', 0.5], ['cached', 1], ['hit', 0]]),
    );
    // Once written, they are not written again.
    expect(entries.writeMetrics(writer)).toBe(0);
  });

  it('writes the keys it keeps the bytes of right when they repeat, move, or are too long or not ASCII to cache', () => {
    const long = `custom.${'k'.repeat(40)}`;
    const spans: Attributes[] = [
      { ...request(1), [long]: 'a', 'ключ': 'b', 'http.response.status_code': 200, [`${long}.n`]: 1 },
      { ...request(2), [long]: 'c', 'ключ': 'd', 'http.response.status_code': 404, [`${long}.n`]: 2 },
      { [long]: 'c', ...request(3), 'http.response.status_code': 200, 'ключ': 'd', [`${long}.n`]: 3, ok: true },
      { 'http.response.status_code': 500, ...request(4) },
      { ...request(5), [long]: 'a', 'ключ': 'b', 'http.response.status_code': 200, [`${long}.n`]: 1 },
    ];
    const writer = new MsgpackWriter({ initialSize: 64 });
    const entries = new AttributeEntriesV04();
    for (const attributes of spans) {
      const start = writer.length;
      const metaCount = entries.write(writer, attributes);
      const metricsStart = writer.length;
      const metricsCount = entries.writeMetrics(writer);
      const bytes = Buffer.from(writer.take().subarray(start));
      expect(bytes.subarray(0, metricsStart - start), 'meta').toEqual(encodedAfresh(attributes));
      const metrics = new Map<string, number>();
      let rest = bytes.subarray(metricsStart - start);
      const header = Buffer.from([0x80 | metricsCount]);
      rest = Buffer.concat([header, rest]);
      for (const [key, value] of unpackr.unpack(rest) as Map<string, number>) metrics.set(key, value);
      const expected = Object.entries(attributes).filter(([, value]) => typeof value !== 'string');
      expect([...metrics], 'metrics').toEqual(expected.map(([key, value]) => [key, value === true ? 1 : value]));
      expect(metaCount).toBe(Object.values(attributes).filter((value) => typeof value === 'string').length - 1);
    }
  });

  it('never copies bytes of an earlier payload, or of an object changed after it was written', () => {
    const writer = new MsgpackWriter({ initialSize: 64 });
    const runs = new AttributeEntriesV04();
    const shared = request(1);
    runs.write(writer, shared);
    writer.take();
    shared['http.method'] = 'POST';
    const start = writer.length;
    runs.write(writer, shared);
    expect(Buffer.from(writer.take().subarray(start))).toEqual(encodedAfresh(shared));
  });

  it('writes correct bytes after a span whose writing failed half-way', () => {
    const writer = new MsgpackWriter();
    const entries = new AttributeEntriesV04();
    entries.write(writer, request(1));
    const failing = { ...request(2), component: 'express' };
    // An attribute whose read throws (hand-built objects can do that) stops the write midway.
    Object.defineProperty(failing, 'url.scheme', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(() => entries.write(writer, failing)).toThrow('boom');
    const start = writer.length;
    entries.write(writer, request(3));
    expect(Buffer.from(writer.take().subarray(start))).toEqual(encodedAfresh(request(3)));
  });

  it('writes entries that decode as a meta map', () => {
    const writer = new MsgpackWriter();
    const runs = new AttributeEntriesV04();
    runs.write(writer, request(1));
    const header = writer.length;
    writer.mapHeader(7);
    runs.write(writer, request(2));
    const decoded = unpackr.unpack(writer.take().subarray(header)) as Map<string, string>;
    expect(decoded.get('http.url')).toBe('http://localhost:3000/users/1');
    expect(decoded.get('component')).toBe('fastify');
    expect(decoded.has('operation.name')).toBe(false);
  });
});
