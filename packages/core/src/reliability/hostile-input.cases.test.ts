/**
 * The smallest inputs the hostile-input property test found that threw into the app or lost a
 * span, one test each, so a regression names its cause. Each uses a value plain JS code can
 * produce: a revoked proxy, a throwing getter, an object that cannot be stringified.
 */
import { ROOT_CONTEXT, defaultTextMapSetter, trace } from '@opentelemetry/api';
import type { Link, SpanContext, SpanStatus, TextMapPropagator, TimeInput } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPropagator } from '../propagation/create-propagator.js';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { startTestProvider } from './guards.test-support.js';
import type { TestProvider } from './guards.test-support.js';

const VALID_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const VALID_SPAN_ID = 'b7ad6b7169203331';

const boom = (): never => {
  throw new Error('hostile getter');
};

function revoked<T extends object>(target: T): T {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

let agent: FaultyAgent;
let subject: TestProvider;
let propagator: TextMapPropagator;
let errorsBefore = 0;

beforeAll(async () => {
  agent = await startFaultyAgent(always(HEALTHY));
  subject = startTestProvider(agent.url);
  propagator = createPropagator(subject.provider.config);
});
afterAll(async () => {
  await subject?.close();
  await agent?.close();
});
beforeEach(() => {
  agent.dev.clear();
  errorsBefore = subject.log.messages.filter((m) => m.level === 'error').length;
});

/** Flushes and returns the names of the spans the Agent received, after checking no internal error was logged. */
async function delivered(): Promise<string[]> {
  await subject.provider.forceFlush();
  expect(subject.log.messages.filter((m) => m.level === 'error').slice(errorsBefore).map((m) => m.text)).toEqual([]);
  expect(agent.dev.problems()).toEqual([]);
  return agent.dev.spans().map((span) => span.name);
}

describe('values that used to throw into the app', () => {
  it('setAttribute with a revoked proxy or an array with a throwing element', async () => {
    const span = subject.tracer.startSpan('attr.case');
    expect(() => span.setAttribute('revoked', revoked([1, 2]) as never)).not.toThrow();
    expect(() => span.setAttribute('element', Object.defineProperty(['a', 'b'], 1, { get: boom }) as never)).not.toThrow();
    span.setAttribute('kept', 'yes').end();
    expect(await delivered()).toEqual(['attr.case']);
    expect(agent.dev.spans()[0]!.meta.kept).toBe('yes');
  });

  it('setAttributes with a revoked proxy', async () => {
    const span = subject.tracer.startSpan('attrs.case');
    expect(() => span.setAttributes(revoked({ a: 1 }))).not.toThrow();
    span.end();
    expect(await delivered()).toEqual(['attrs.case']);
  });

  it('setStatus with a throwing getter', async () => {
    const span = subject.tracer.startSpan('status.case');
    expect(() => span.setStatus(Object.defineProperty({}, 'code', { get: boom, enumerable: true }) as SpanStatus)).not.toThrow();
    expect(() => span.setStatus({ code: 2, get message(): string { return boom(); } })).not.toThrow();
    span.end();
    expect(await delivered()).toEqual(['status.case']);
    expect(agent.dev.spans()[0]!.error).toBe(1);
  });

  it('addEvent with a name that cannot be turned into a string', async () => {
    const span = subject.tracer.startSpan('event.case');
    expect(() => span.addEvent({ toString: boom } as never)).not.toThrow();
    expect(() => span.addEvent(Object.create(null) as never)).not.toThrow();
    span.end();
    expect(await delivered()).toEqual(['event.case']);
  });

  it('addLinks with an array that cannot be read', async () => {
    const span = subject.tracer.startSpan('links.case');
    expect(() => span.addLinks(revoked([]) as Link[])).not.toThrow();
    span.end();
    expect(await delivered()).toEqual(['links.case']);
  });

  it.each(['end', 'addEvent', 'recordException'] as const)('%s with a revoked proxy as the time', async (method) => {
    const span = subject.tracer.startSpan(`time.case.${method}`);
    const time = revoked({}) as TimeInput;
    if (method === 'end') expect(() => span.end(time)).not.toThrow();
    if (method === 'addEvent') expect(() => span.addEvent('e', time)).not.toThrow();
    if (method === 'recordException') expect(() => span.recordException('oops', time)).not.toThrow();
    span.end();
    expect(await delivered()).toEqual([`time.case.${method}`]);
  });

});

describe('values that used to lose the span (caught, logged as an internal error)', () => {
  it('a link whose context has throwing traceFlags/traceState getters loses the whole trace at export', async () => {
    const root = subject.tracer.startSpan('link.root');
    const context = Object.defineProperties(
      { traceId: VALID_TRACE_ID, spanId: VALID_SPAN_ID },
      { traceFlags: { get: boom, enumerable: true }, traceState: { get: boom, enumerable: true } },
    ) as SpanContext;
    subject.tracer.startSpan('link.child', { links: [{ context }] }, trace.setSpan(ROOT_CONTEXT, root)).end();
    root.end();
    expect((await delivered()).sort()).toEqual(['link.child', 'link.root']);
  });

  it('a span name that cannot be turned into a string', async () => {
    const span = subject.tracer.startSpan({ toString: boom } as never);
    expect(span.isRecording()).toBe(true);
    span.end();
    expect(await delivered()).toHaveLength(1);
  });

  it('span options that cannot be read', async () => {
    subject.tracer.startSpan('options.revoked', revoked({})).end();
    subject.tracer.startSpan('options.getter', Object.defineProperty({}, 'attributes', { get: boom, enumerable: true })).end();
    expect((await delivered()).sort()).toEqual(['options.getter', 'options.revoked']);
  });

  it('start options whose attribute value is a revoked proxy', async () => {
    subject.tracer.startSpan('option.attributes', { attributes: { bad: revoked([1]) as never, good: 1 } }).end();
    expect(await delivered()).toEqual(['option.attributes']);
    expect(agent.dev.spans()[0]!.metrics.good).toBe(1);
  });

  it('start options whose links array cannot be iterated', async () => {
    subject.tracer.startSpan('option.links', { links: Object.defineProperty([{}], 0, { get: boom }) as Link[] }).end();
    expect(await delivered()).toEqual(['option.links']);
  });

  it('a remote parent whose traceState getter throws, or that is a revoked proxy', async () => {
    const throwingState = Object.defineProperty(
      { traceId: VALID_TRACE_ID, spanId: VALID_SPAN_ID, traceFlags: 1, isRemote: true },
      'traceState',
      { get: boom, enumerable: true },
    ) as SpanContext;
    subject.tracer.startSpan('remote.getter', {}, trace.setSpanContext(ROOT_CONTEXT, throwingState)).end();
    subject.tracer.startSpan('remote.revoked', {}, trace.setSpanContext(ROOT_CONTEXT, revoked({}) as SpanContext)).end();
    expect((await delivered()).sort()).toEqual(['remote.getter', 'remote.revoked']);
  });
});

describe('values that never threw (kept as guards)', () => {
  it("propagation.inject under a remote parent whose traceState's serialize() throws", async () => {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: VALID_TRACE_ID,
      spanId: VALID_SPAN_ID,
      traceFlags: 1,
      isRemote: true,
      traceState: { serialize: boom, get: () => undefined } as unknown as SpanContext['traceState'],
    });
    const span = subject.tracer.startSpan('inject.case', {}, parent);
    expect(() => propagator.inject(trace.setSpan(ROOT_CONTEXT, span), {}, defaultTextMapSetter)).not.toThrow();
    span.end();
    expect(await delivered()).toEqual(['inject.case']);
  });
});
