import { ROOT_CONTEXT, defaultTextMapGetter, trace as traceApi } from '@opentelemetry/api';
import type { Context, TextMapPropagator } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PropagationStyle } from '../config/options.js';
import { B3MultiPropagator } from './b3-multi-propagator.js';
import { B3SinglePropagator } from './b3-single-propagator.js';
import { BaggagePropagator } from './baggage-propagator.js';
import { createPropagator } from './create-propagator.js';
import { DatadogPropagator } from './datadog-propagator.js';
import { inject } from './propagation-fixture.test-support.js';
import { TraceContextPropagator } from './tracecontext-propagator.js';

const ALL_STYLES: PropagationStyle[] = ['datadog', 'tracecontext', 'b3', 'b3multi', 'baggage'];
const CONFIG = { xDatadogTagsMaxLength: 512, baggageMaxItems: 64, baggageMaxBytes: 8192 };

const composite = (extractFirst: boolean) =>
  createPropagator({
    ...CONFIG,
    propagationInject: ALL_STYLES,
    propagationExtract: ALL_STYLES,
    propagationExtractFirst: extractFirst,
  });

const EXTRACTORS: Array<[string, TextMapPropagator]> = [
  ['datadog', new DatadogPropagator(CONFIG)],
  ['tracecontext', new TraceContextPropagator()],
  ['b3', new B3SinglePropagator()],
  ['b3multi', new B3MultiPropagator()],
  ['baggage', new BaggagePropagator(CONFIG)],
  ['composite', composite(false)],
  ['composite extract-first', composite(true)],
];

const HEADER_NAMES = [
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-datadog-origin',
  'x-datadog-tags',
  'traceparent',
  'tracestate',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-sampled',
  'x-b3-flags',
  'baggage',
];

// ---- valid headers per style -------------------------------------------------------------

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const nonZeroHex = (length: number) => hex(length).filter((h) => !/^0+$/.test(h));
const uint64 = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }).map(String);
const priority = fc.constantFrom('-1', '0', '1', '2');
const tagKey = fc.stringMatching(/^[a-z][a-z0-9._-]{0,10}$/).map((k) => `_dd.p.${k}`);
const tagValue = fc.stringMatching(/^[a-zA-Z0-9._=-]{1,12}$/);

const datadogHeaders = fc.record(
  {
    'x-datadog-trace-id': uint64,
    'x-datadog-parent-id': uint64,
    'x-datadog-sampling-priority': priority,
    'x-datadog-origin': fc.constantFrom('synthetics', 'rum', 'lambda'),
    'x-datadog-tags': fc
      .tuple(fc.dictionary(tagKey, tagValue, { maxKeys: 4 }), fc.option(nonZeroHex(16), { nil: undefined }))
      .map(([tags, tid]) => {
        const pairs = Object.entries(tags).filter(([k]) => k !== '_dd.p.tid').map(([k, v]) => `${k}=${v}`);
        if (tid !== undefined) pairs.push(`_dd.p.tid=${tid}`);
        return pairs.join(',');
      })
      .filter((h) => h !== ''),
  },
  { requiredKeys: ['x-datadog-trace-id', 'x-datadog-parent-id'] },
);

const vendorMember = fc
  .tuple(fc.stringMatching(/^[a-ce-z][a-z0-9]{0,6}$/), fc.stringMatching(/^[a-zA-Z0-9]{1,10}$/))
  .map(([k, v]) => `${k}=${v}`);
const ddMember = fc
  .tuple(
    fc.option(priority, { nil: undefined }),
    fc.option(fc.constantFrom('rum', 'synthetics'), { nil: undefined }),
    fc.option(nonZeroHex(16), { nil: undefined }),
    fc.option(fc.constantFrom('-0', '-1', '-3', '-4'), { nil: undefined }),
  )
  .map(([s, o, p, dm]) =>
    [s && `s:${s}`, o && `o:${o}`, p && `p:${p}`, dm && `t.dm:${dm}`].filter(Boolean).join(';'),
  )
  .filter((v) => v !== '')
  .map((v) => `dd=${v}`);
const traceContextHeaders = fc.record(
  {
    traceparent: fc
      .tuple(nonZeroHex(32), nonZeroHex(16), fc.constantFrom('00', '01'))
      .map(([t, s, f]) => `00-${t}-${s}-${f}`),
    tracestate: fc
      .tuple(fc.option(ddMember, { nil: undefined }), fc.uniqueArray(vendorMember, { maxLength: 3, selector: (m) => m.split('=')[0] }))
      .map(([dd, others]) => [...(dd ? [dd] : []), ...others].join(','))
      .filter((v) => v !== ''),
  },
  { requiredKeys: ['traceparent'] },
);

const b3TraceId = fc.oneof(nonZeroHex(16), nonZeroHex(32));
const b3SingleHeaders = fc.record({
  b3: fc
    .tuple(b3TraceId, nonZeroHex(16), fc.option(fc.constantFrom('0', '1', 'd'), { nil: undefined }))
    .map(([t, s, state]) => (state === undefined ? `${t}-${s}` : `${t}-${s}-${state}`)),
});
const b3MultiHeaders = fc.record(
  {
    'x-b3-traceid': b3TraceId,
    'x-b3-spanid': nonZeroHex(16),
    'x-b3-sampled': fc.constantFrom('0', '1'),
    'x-b3-flags': fc.constant('1'),
  },
  { requiredKeys: ['x-b3-traceid', 'x-b3-spanid'] },
);
const baggageHeaders = fc.record({
  baggage: fc
    .uniqueArray(
      fc.tuple(fc.stringMatching(/^[a-zA-Z0-9._-]{1,8}$/), fc.string({ maxLength: 10 })),
      { maxLength: 5, selector: ([k]) => k },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(','))
    .filter((v) => v !== ''),
});

const VALID: Array<[string, TextMapPropagator, fc.Arbitrary<Record<string, string>>]> = [
  ['datadog', EXTRACTORS[0]![1], datadogHeaders],
  ['tracecontext', EXTRACTORS[1]![1], traceContextHeaders],
  ['b3', EXTRACTORS[2]![1], b3SingleHeaders],
  ['b3multi', EXTRACTORS[3]![1], b3MultiHeaders],
  ['baggage', EXTRACTORS[4]![1], baggageHeaders],
  ['composite (datadog + tracecontext)', EXTRACTORS[5]![1], fc.tuple(datadogHeaders, traceContextHeaders).map(([a, b]) => ({ ...a, ...b }))],
];

// ---- random and mutated headers ----------------------------------------------------------

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[0-9a-fA-F-]{0,70}$/),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
);
const randomCarrier = fc.dictionary(fc.constantFrom(...HEADER_NAMES), anyValue);

const edit = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  char: fc.oneof(fc.constantFrom('-', ',', ';', '=', ':', '~', ' ', '0', 'f', 'Z', '\n', '\u00e9', '%'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })),
});
function mutate(value: string, edits: Array<{ kind: string; at: number; char: string }>): string {
  let result = value;
  for (const { kind, at, char } of edits) {
    const i = result.length === 0 ? 0 : at % (result.length + 1);
    if (kind === 'insert') result = result.slice(0, i) + char + result.slice(i);
    else if (kind === 'delete') result = result.slice(0, i) + result.slice(i + 1);
    else result = result.slice(0, i) + char + result.slice(i + 1);
  }
  return result;
}
const mutatedCarrier = fc
  .tuple(
    fc.oneof(...VALID.map(([, , headers]) => headers)),
    fc.array(fc.tuple(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([headers, mutations]) => {
    const keys = Object.keys(headers);
    const mutated: Record<string, string> = { ...headers };
    for (const [which, edits] of mutations) {
      const key = keys[which % keys.length]!;
      mutated[key] = mutate(mutated[key]!, edits);
    }
    return mutated;
  });

// Unmutated ones too, so the "inject what was extracted" check runs for every style.
const validCarrier = fc.oneof(...VALID.map(([, , headers]) => headers));

function extractNoThrow(propagator: TextMapPropagator, carrier: Record<string, unknown>): Context {
  return propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

describe('every extractor, fed random and mutated headers', () => {
  it.each(EXTRACTORS)('%s never throws and only yields valid span contexts', (_, propagator) => {
    fc.assert(
      fc.property(fc.oneof(randomCarrier, mutatedCarrier, validCarrier), (carrier) => {
        const context = extractNoThrow(propagator, carrier);
        const spanContext = traceApi.getSpanContext(context);
        if (spanContext !== undefined) {
          expect(spanContext.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
          expect(spanContext.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
          // What was extracted must be injectable without throwing, too.
          expect(() => inject(propagator, context)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('inject(extract(h)) is stable for valid h', () => {
  it.each(VALID)('%s', (_, propagator, headers) => {
    fc.assert(
      fc.property(headers, (h) => {
        const once = inject(propagator, extractNoThrow(propagator, h));
        const twice = inject(propagator, extractNoThrow(propagator, once));
        expect(twice).toEqual(once);
        const original = traceApi.getSpanContext(extractNoThrow(propagator, h));
        const forwarded = traceApi.getSpanContext(extractNoThrow(propagator, once));
        expect(forwarded?.traceId).toBe(original?.traceId);
        expect(forwarded?.spanId).toBe(original?.spanId);
        expect(forwarded?.traceFlags).toBe(original?.traceFlags);
      }),
      { numRuns: 200 },
    );
  });

  it('datadog headers keep their ids, priority and origin through a hop', () => {
    const propagator = EXTRACTORS[0]![1];
    fc.assert(
      fc.property(datadogHeaders, (h) => {
        const once = inject(propagator, extractNoThrow(propagator, h));
        for (const key of ['x-datadog-trace-id', 'x-datadog-parent-id', 'x-datadog-sampling-priority', 'x-datadog-origin']) {
          expect(once[key]).toBe(h[key as keyof typeof h]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
