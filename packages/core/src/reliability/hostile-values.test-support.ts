/**
 * Test support (not shipped). fast-check arbitraries for whatever an app might hand to the OTel
 * API: every JS type, odd numbers, lone surrogates, huge strings, circular and throwing objects,
 * proxies, keys Datadog reserves, broken span contexts, times and exceptions.
 */
import fc from 'fast-check';
import { TraceState } from '@opentelemetry/core';

/** Keys that collide with what the tracer writes or with Datadog's naming/sampling tags. */
export const RESERVED_KEYS = [
  '_sampling_priority_v1', '_dd.p.tid', '_dd.p.dm', '_dd.p.ksr', '_dd.origin', '_dd.top_level', '_dd.measured',
  '_dd.span_links', '_dd.base_service', '_dd.svc_src', '_dd.hostname', '_dd.integration', '_dd.agent_psr',
  '_dd.rule_psr', '_dd.limit_psr', 'events', 'language', 'runtime-id', 'process_id', 'span.kind', 'env', 'version',
  'service.name', 'resource.name', 'operation.name', 'span.type', 'error', 'error.type', 'error.message',
  'error.stack', 'error.msg', 'sampling.priority', 'manual.keep', 'manual.drop', 'analytics.event',
  'http.status_code', 'http.response.status_code', 'http.method', 'http.request.method', 'http.route',
  'db.system', 'messaging.system', 'messaging.operation', 'rpc.system', 'rpc.service', 'faas.trigger',
  'faas.invoked_provider', 'faas.invoked_name', 'graphql.operation.type', 'network.protocol.name',
  'deployment.environment', 'service.version', 'peer.service', 'otel.status_code', 'otel.status_description',
  'exception.type', 'exception.message', 'exception.stacktrace', 'link.kind', '__proto__', 'constructor',
  'toString', 'hasOwnProperty', '',
] as const;

const boom = (): never => {
  throw new Error('hostile getter');
};

/**
 * Stands for a hostile value that is only built when the script is played: fast-check itself
 * inspects generated values (clone checks, printing counterexamples), which a revoked proxy or
 * a throwing getter would break.
 */
export class Hostile {
  constructor(
    readonly label: string,
    readonly build: () => unknown,
  ) {}

  toString(): string {
    return `Hostile(${this.label})`;
  }
}

const hostile = (label: string, build: () => unknown): fc.Arbitrary<Hostile> => fc.constant(new Hostile(label, build));

/** Replaces every `Hostile` placeholder (in generated arrays and plain objects) by a fresh value. */
export function materialize(value: unknown): unknown {
  if (value instanceof Hostile) return value.build();
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) if (i in value) copy[i] = materialize(value[i]);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy = Object.create(prototype as object | null) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, { value: materialize((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }
  return value;
}

/** Objects built fresh for each use (some are stateful, e.g. revoked proxies). */
const HOSTILE_OBJECTS: ReadonlyArray<readonly [string, () => unknown]> = [
  ['null prototype', () => Object.create(null) as object],
  ['throwing message getter', () => Object.defineProperty({}, 'message', { get: boom, enumerable: true })],
  ['throwing name and stack getters', () => Object.defineProperties({}, { name: { get: boom, enumerable: true }, stack: { get: boom, enumerable: true } })],
  ['throwing toString/valueOf', () => ({ toString: boom, valueOf: boom })],
  ['throwing Symbol.toPrimitive', () => ({ [Symbol.toPrimitive]: boom })],
  ['circular object', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    return circular;
  }],
  ['proxy throwing on every trap', () => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom })],
  ['array proxy throwing on index access', () => new Proxy(['a', 'b'], { get: (target, key) => (key === 'length' ? 2 : key === Symbol.iterator ? target[Symbol.iterator] : boom()) })],
  ['revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }],
  ['revoked array proxy', () => {
    const { proxy, revoke } = Proxy.revocable([1, 2], {});
    revoke();
    return proxy;
  }],
  ['array with a throwing element', () => Object.defineProperty(['a', 'b'], 1, { get: boom, enumerable: true })],
  ['frozen object', () => Object.freeze({ frozen: 'yes' })],
  ['invalid Date', () => new Date(Number.NaN)],
  ['Date', () => new Date()],
  ['Buffer', () => Buffer.from('buffer')],
  ['Uint8Array', () => new Uint8Array([1, 2, 3])],
  ['Map', () => new Map([['k', 'v']])],
  ['Set', () => new Set([1])],
  ['Promise', () => Promise.resolve(1)],
  ['WeakRef', () => new WeakRef({})],
  ['RegExp', () => /regexp/g],
  ['Error', () => new Error('plain error')],
  ['TypeError with code and numeric stack', () => Object.assign(new TypeError('with extras'), { code: 'E_CODE', stack: 42 })],
  ['Error without stack', () => Object.assign(new Error('stackless'), { stack: undefined })],
  ['class', () => class HostileClass {}],
  ['function', () => function named() {}],
  ['symbol', () => Symbol('attribute')],
];

export const hostileObject: fc.Arbitrary<Hostile> = fc.oneof(...HOSTILE_OBJECTS.map(([label, build]) => hostile(label, build)));

const surrogateUnit = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Strings with lone surrogates, broken pairs, control characters and full Unicode. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.oneof(surrogateUnit, fc.constantFrom('\u0000', '"', '\\', '\n', '😀', 'é', '\u2028')) }),
);

/** Around the Agent's limits: 100 (name/service), 200 (keys), 5 000 (resource), 25 000 (meta). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(99, 100, 101, 199, 200, 201, 4999, 5000, 5001, 24_999, 25_000, 25_001, 100_000), fc.constantFrom('x', 'é', '😀', '\ud800'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const oddNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, -(2 ** 63), 2 ** 64),
  fc.double(),
  fc.integer(),
);

const primitive = fc.oneof(
  fc.constantFrom(undefined, null, true, false),
  oddNumber,
  fc.bigInt(),
  oddString,
);

const arrayValue = fc.oneof(
  fc.array(oddString, { maxLength: 5 }),
  fc.array(oddNumber, { maxLength: 5 }),
  fc.array(fc.boolean(), { maxLength: 5 }),
  fc.array(fc.oneof(oddString, fc.constantFrom(null, undefined)), { maxLength: 5 }),
  fc.sparseArray(fc.integer(), { maxLength: 10 }),
  fc.array(primitive, { maxLength: 5 }),
  fc.array(fc.array(fc.integer(), { maxLength: 2 }), { maxLength: 3 }),
  fc.constant(Array.from({ length: 2000 }, (_, i) => `item-${i}`)),
);

/** Any value at all, as an attribute value, exception, time, name, ... */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: primitive },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: arrayValue },
  { weight: 2, arbitrary: hostileObject },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  { weight: 1, arbitrary: hostile('arrow function', () => () => 'function') },
);

export const anyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...RESERVED_KEYS),
  oddString,
  hugeString.filter((key) => key.length < 30_000),
);

export const anyAttributes: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(anyKey, anyValue, { maxKeys: 8 }) },
  { weight: 1, arbitrary: anyValue },
);

export const anyTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  oddNumber,
  fc.date({ noInvalidDate: false }),
  fc.tuple(oddNumber, oddNumber),
  fc.constantFrom([1e20, 0], [-1, 5], [Date.now() / 1000, 1e12], [0, -1]),
  anyValue,
);

const hex = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });

const anyTraceState = fc.oneof(
  fc.constant(undefined),
  hostile('real TraceState', () => new TraceState('vendor=value,dd=s:1')),
  hostile('TraceState whose serialize throws', () => ({ serialize: boom, get: boom })),
  hostile('TraceState serializing to a number', () => ({ serialize: () => 42, get: () => 42 })),
  hostile('TraceState serializing to 30 000 chars', () => ({ serialize: () => 'x'.repeat(30_000), get: () => undefined })),
  anyValue,
);

/** Valid-looking and broken span contexts (ids, flags, trace state, throwing getters). */
export const anySpanContext: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    traceId: fc.oneof(hex(32), fc.constant('0'.repeat(32)), anyValue),
    spanId: fc.oneof(hex(16), fc.constant('0'.repeat(16)), anyValue),
    traceFlags: fc.oneof(fc.constantFrom(0, 1, 255), anyValue),
    traceState: anyTraceState,
    isRemote: anyValue,
  }),
  fc.tuple(hex(32), hex(16)).map(
    ([traceId, spanId]) =>
      new Hostile('span context with throwing traceFlags/traceState', () =>
        Object.defineProperties({ traceId, spanId }, { traceFlags: { get: boom, enumerable: true }, traceState: { get: boom, enumerable: true } }),
      ),
  ),
  anyValue,
);

export const anyLink: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ context: anySpanContext, attributes: anyAttributes }, { requiredKeys: ['context'] }),
  hostile('link with a throwing context getter', () => Object.defineProperty({}, 'context', { get: boom, enumerable: true })),
  anyValue,
);

export const anyException: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  fc.record({ name: anyValue, message: anyValue, stack: anyValue, code: anyValue }, { requiredKeys: [] }),
);

export const anyStatus: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ code: fc.oneof(fc.constantFrom(0, 1, 2), anyValue), message: anyValue }, { requiredKeys: [] }),
  hostile('status with a throwing code getter', () => Object.defineProperty({}, 'code', { get: boom, enumerable: true })),
  hostile('status with a throwing message getter', () => ({ code: 2, get message(): string { return boom(); } })),
  anyValue,
);

export const anySpanOptions: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      attributes: anyAttributes,
      links: fc.oneof(fc.array(anyLink, { maxLength: 3 }), anyValue),
      startTime: anyTime,
      kind: fc.oneof(fc.integer({ min: -2, max: 8 }), anyValue),
      root: anyValue,
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

/** One call on a span: `[method, ...arguments]`. */
export type SpanOperation = readonly [string, ...unknown[]];

export const anyOperation: fc.Arbitrary<SpanOperation> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constant('setAttribute'), fc.oneof(anyKey, anyValue), anyValue) },
  { weight: 3, arbitrary: fc.tuple(fc.constant('setAttributes'), anyAttributes) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('addEvent'), anyValue, fc.oneof(anyAttributes, anyTime), anyTime) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('recordException'), anyException, fc.oneof(anyTime, anyAttributes)) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('addLink'), anyLink) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('addLinks'), fc.oneof(fc.array(anyLink, { maxLength: 3 }), anyValue)) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('setStatus'), anyStatus) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('updateName'), anyValue) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('end'), anyTime) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('child'), anyValue, anySpanOptions) },
);

/** One span's life: how it starts, what is done to it, how it ends. */
export interface SpanScript {
  name: unknown;
  options: unknown;
  /** `remote`: child of an extracted-looking context built from `parent`; `none`: a root. */
  parentKind: 'none' | 'local' | 'remote';
  parent: unknown;
  operations: SpanOperation[];
  endTime: unknown;
  endTwice: boolean;
}

export const anySpanScript: fc.Arbitrary<SpanScript> = fc.record({
  name: fc.oneof({ weight: 3, arbitrary: oddString }, { weight: 1, arbitrary: hugeString }, { weight: 2, arbitrary: anyValue }),
  options: anySpanOptions,
  parentKind: fc.constantFrom('none', 'local', 'remote'),
  parent: anySpanContext,
  operations: fc.array(anyOperation, { maxLength: 12 }),
  endTime: anyTime,
  endTwice: fc.boolean(),
});
