import { describe, expect, it } from 'vitest';
import { SpanStatusCode } from '@opentelemetry/api';
import type { SpanEventData } from '../span/span-data.js';
import { mapChunk } from './map-chunk.js';
import { TEST_START_MS, testContext, testSpan } from './test-span.js';

const STACK = 'TypeError: boom\n    at handler (/app/index.js:1:1)';

/** What the span stores for `recordException(new TypeError('boom'), attributes?)`. */
function exceptionEvent(extra: Record<string, string | number> = {}): SpanEventData {
  return {
    name: 'exception',
    timeMs: TEST_START_MS + 0.5,
    attributes: {
      'exception.type': 'TypeError',
      'exception.message': 'boom',
      'exception.stacktrace': STACK,
      ...extra,
    },
  };
}

function mapOne(...args: Parameters<typeof testSpan>) {
  return mapChunk([testSpan(...args)], testContext())[0]!;
}

describe('errors', () => {
  it('recordException alone: error tags, exception event, but no error flag (dd-trace-js parity)', () => {
    const record = mapOne({
      events: [exceptionEvent()],
      error: { type: 'TypeError', message: 'boom', stack: STACK, flagged: false },
    });
    expect(record.error).toBe(0);
    expect(record.meta).toMatchObject({ 'error.type': 'TypeError', 'error.message': 'boom', 'error.stack': STACK });
    const events = JSON.parse(record.meta.events!) as Array<{ name: string; attributes: Record<string, unknown> }>;
    expect(events).toHaveLength(1);
    expect(events[0]!.name).toBe('exception');
    expect(events[0]!.attributes).toEqual({
      'exception.type': 'TypeError',
      'exception.message': 'boom',
      'exception.stacktrace': STACK,
    });
  });

  it('recordException with attributes keeps them on the exception event', () => {
    const record = mapOne({
      events: [exceptionEvent({ 'request.id': 'r-1', attempt: 2 })],
      error: { type: 'TypeError', message: 'boom', stack: STACK, flagged: false },
    });
    const [event] = JSON.parse(record.meta.events!) as Array<{ attributes: Record<string, unknown> }>;
    expect(event!.attributes).toMatchObject({ 'request.id': 'r-1', attempt: 2 });
  });

  it('recordException then setStatus(ERROR, message): flagged, status message wins', () => {
    const record = mapOne({
      events: [exceptionEvent()],
      statusCode: SpanStatusCode.ERROR,
      statusMessage: 'payment failed',
      error: { type: 'TypeError', message: 'payment failed', stack: STACK, flagged: true },
    });
    expect(record.error).toBe(1);
    expect(record.meta).toMatchObject({ 'error.type': 'TypeError', 'error.message': 'payment failed', 'error.stack': STACK });
  });

  it('setStatus(ERROR) without message and without exception: flagged, no error tags', () => {
    const record = mapOne({
      statusCode: SpanStatusCode.ERROR,
      error: { type: undefined, message: undefined, stack: undefined, flagged: true },
    });
    expect(record.error).toBe(1);
    expect(record.meta).not.toHaveProperty('error.message');
    expect(record.meta).not.toHaveProperty('error.type');
  });

  it('status ERROR alone flags the span even without stored error details', () => {
    expect(mapOne({ statusCode: SpanStatusCode.ERROR }).error).toBe(1);
    expect(mapOne({ statusCode: SpanStatusCode.OK }).error).toBe(0);
  });

  it('a truthy `error` attribute flags the span and is not emitted', () => {
    const record = mapOne({ attributes: { error: true } });
    expect(record.error).toBe(1);
    expect(record.metrics).not.toHaveProperty('error');
    expect(mapOne({ attributes: { error: false } }).error).toBe(0);
  });

  it('user-set error.* attributes flag the span and win over recorded details', () => {
    const record = mapOne({
      attributes: { 'error.type': 'ValidationError', 'error.message': 404 },
      error: { type: 'TypeError', message: 'boom', stack: STACK, flagged: false },
    });
    expect(record.error).toBe(1);
    expect(record.meta['error.type']).toBe('ValidationError');
    expect(record.meta['error.message']).toBe('404');
    expect(record.meta['error.stack']).toBe(STACK);
    expect(record.metrics).not.toHaveProperty('error.message');
  });

  it('ignores non-string recorded error fields', () => {
    const record = mapOne({
      error: { type: 42 as unknown as string, message: undefined, stack: undefined, flagged: true },
    });
    expect(record.meta).not.toHaveProperty('error.type');
    expect(record.error).toBe(1);
  });

  it('truncates a huge stack to the meta value limit', () => {
    const record = mapOne({ error: { type: 'E', message: 'm', stack: 's'.repeat(30_000), flagged: true } });
    expect(record.meta['error.stack']).toHaveLength(25_003);
  });
});
