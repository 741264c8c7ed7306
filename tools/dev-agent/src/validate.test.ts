import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent, type DevAgentProblem } from './index.js';
import { pack, putTraces, putV04, tracerHeaders, wireSpan } from './test-support.js';

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent();
});
afterAll(() => agent.close());
beforeEach(() => agent.clear());

/** PUTs one v0.4 trace made of `spans`, returns the status and the problems recorded. */
async function send(spans: unknown[], headers: Record<string, string | undefined> = {}): Promise<{ status: number; problems: DevAgentProblem[]; body: any }> {
  const response = await putV04(agent, [spans], headers);
  return { status: response.status, problems: agent.problems(), body: response.body };
}

describe('payload problems', () => {
  it('payload.decode: truncated msgpack is answered 400 and recorded', async () => {
    const response = await putTraces(agent, '/v0.4/traces', Buffer.from([0x92, 0x01]), 1);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ problems: [{ kind: 'payload.decode', severity: 'error' }] });
    expect(agent.requests()[0]).toMatchObject({ status: 400, problems: [{ kind: 'payload.decode' }] });
  });

  it('payload.shape: the payload must be an array of arrays of span maps', async () => {
    const notArray = await putTraces(agent, '/v0.4/traces', pack({ spans: [] }), 1);
    expect(notArray.status).toBe(400);
    expect(agent.problems()).toMatchObject([{ kind: 'payload.shape', message: 'payload must be an array of traces, got map' }]);

    agent.clear();
    const spanNotMap = await putTraces(agent, '/v0.4/traces', pack([[wireSpan(), 7]]), 1);
    expect(spanNotMap.status).toBe(400);
    expect(agent.problems()).toMatchObject([{ kind: 'payload.shape', traceIndex: 0, spanIndex: 1 }]);
    // What could be decoded is still stored.
    expect(agent.spans()).toHaveLength(1);
  });

  it('payload.too-large: a declared Content-Length over 50 MB is answered 413 without reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${agent.url}/v0.4/traces`, {
        method: 'PUT',
        headers: { ...tracerHeaders(1), 'Content-Length': String(50_000_001) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(16));
    });
    expect(status).toBe(413);
    expect(agent.problems()).toMatchObject([{ kind: 'payload.too-large', severity: 'error' }]);
    expect(agent.requests()[0]).toMatchObject({ byteSize: 50_000_001, status: 413 });
  });
});

describe('span field problems (answered 400, span still stored)', () => {
  it('span.missing-field: trace_id, span_id and name are required', async () => {
    const { status, problems } = await send([wireSpan({ name: undefined, span_id: undefined })]);
    expect(status).toBe(400);
    expect(problems.map((problem) => [problem.kind, problem.field])).toEqual([
      ['span.missing-field', 'span_id'],
      ['span.missing-field', 'name'],
    ]);
    expect(agent.spans()).toHaveLength(1);
  });

  it('span.field-type: an id written as float64 and wrong scalar types are reported', async () => {
    // msgpackr writes a JS number ≥ 2^32 as float64: the mistake the Agent rejects.
    const { status, problems, body } = await send([wireSpan({ span_id: 2 ** 40, service: 12, error: true, start: 'now' })]);
    expect(status).toBe(400);
    expect(problems).toMatchObject([
      { kind: 'span.field-type', field: 'span_id', message: 'span_id must be an integer, got float', traceIndex: 0, spanIndex: 0 },
      { kind: 'span.field-type', field: 'error' },
      { kind: 'span.field-type', field: 'start' },
      { kind: 'span.field-type', field: 'service', message: 'service must be a string or nil, got integer' },
    ]);
    expect(body.problems).toHaveLength(4);
    expect(agent.spans()[0]).toMatchObject({ service: '', error: 0, start: '0' });
  });

  it('span.field-type: a parent_id of nil is fine, a string is not', async () => {
    expect((await send([wireSpan({ parent_id: null })])).problems).toEqual([]);
    agent.clear();
    expect((await send([wireSpan({ parent_id: '1' })])).problems).toMatchObject([{ kind: 'span.field-type', field: 'parent_id' }]);
  });

  it('span.meta-type: meta values must be strings', async () => {
    const { problems } = await send([wireSpan({ meta: { 'http.status_code': 200, ok: 'yes' } })]);
    expect(problems).toMatchObject([{ kind: 'span.meta-type', field: 'meta.http.status_code', spanId: '0000000000001234' }]);
    expect(agent.spans()[0]?.meta).toEqual({ ok: 'yes' });
  });

  it('span.meta-type: meta keys must be strings', async () => {
    const { problems } = await send([wireSpan({ meta: new Map<unknown, string>([[5, 'x']]) })]);
    expect(problems).toMatchObject([{ kind: 'span.meta-type', message: 'meta keys must be strings, got integer key 5' }]);
  });

  it('span.metrics-type: metrics values must be numbers', async () => {
    const { problems } = await send([wireSpan({ metrics: { 'db.rows': '3', ok: 1 } })]);
    expect(problems).toMatchObject([{ kind: 'span.metrics-type', field: 'metrics.db.rows' }]);
    expect(agent.spans()[0]?.metrics).toEqual({ ok: 1 });
  });

  it('span.meta-struct: values must be msgpack-encoded maps', async () => {
    const good = await send([wireSpan({ meta_struct: { appsec: pack({ triggers: [] }) } })]);
    expect(good.problems).toEqual([]);
    agent.clear();
    const bad = await send([wireSpan({ meta_struct: { appsec: 'not bytes', iast: pack([1, 2]) } })]);
    expect(bad.problems.map((problem) => problem.field)).toEqual(['meta_struct.appsec', 'meta_struct.iast']);
    expect(bad.problems.every((problem) => problem.kind === 'span.meta-struct')).toBe(true);
  });

  it('span.span-events: time_unix_nano written as float64 (the dd-trace-js encoding) is rejected', async () => {
    const { status, problems } = await send([wireSpan({ span_events: [{ name: 'e', time_unix_nano: 1_700_000_000_123_456_800 }] })]);
    expect(status).toBe(400);
    expect(problems).toMatchObject([
      { kind: 'span.span-events', field: 'span_events[0].time_unix_nano', message: 'span_events[0].time_unix_nano must be an integer, got float' },
    ]);
  });

  it('span.span-events: attribute typing rules of the test agent', async () => {
    const attributes = {
      mixed: { type: 4, array_value: { values: [{ type: 2, int_value: 1 }, { type: 3, double_value: 9.5 }] } },
      wholeDouble: { type: 3, double_value: 2 },
      unknownType: { type: 7, string_value: 'x' },
      plain: 'not typed',
    };
    const { problems } = await send([wireSpan({ span_events: [{ time_unix_nano: 1n, attributes }] })]);
    expect(problems.map((problem) => problem.field)).toEqual([
      'span_events[0].name',
      'span_events[0].attributes.mixed.array_value.values',
      'span_events[0].attributes.wholeDouble.double_value',
      'span_events[0].attributes.unknownType.type',
      'span_events[0].attributes.plain',
    ]);
    expect(problems.every((problem) => problem.kind === 'span.span-events')).toBe(true);
  });

  it('span.span-links: ids must be integers and attributes strings', async () => {
    const links = [{ trace_id: '00ff', span_id: 1n, attributes: { n: 1 }, flags: -1 }];
    const { problems } = await send([wireSpan({ span_links: links })]);
    expect(problems.map((problem) => [problem.kind, problem.field])).toEqual([
      ['span.span-links', 'span_links[0].trace_id'],
      ['span.span-links', 'span_links[0].flags'],
      ['span.span-links', 'span_links[0].attributes.n'],
    ]);
  });
});

describe('consistency problems (warnings: answered 200)', () => {
  it('span.meta-events-json: meta events must be a JSON array', async () => {
    const notArray = await send([wireSpan({ meta: { events: '{"name":"e"}' } })]);
    expect(notArray.status).toBe(200);
    expect(notArray.problems).toMatchObject([{ kind: 'span.meta-events-json', severity: 'warning', message: 'meta.events is not a JSON array (got map)' }]);
    agent.clear();
    const invalid = await send([wireSpan({ meta: { events: '[{"name":' } })]);
    expect(invalid.problems).toMatchObject([{ kind: 'span.meta-events-json', field: 'meta.events' }]);
  });

  it('span.meta-span-links-json: _dd.span_links must be a JSON array of hex-id links', async () => {
    const { problems } = await send([wireSpan({ meta: { '_dd.span_links': '[{"trace_id":"abc","span_id":"00000000000000bb"}]' } })]);
    expect(problems).toMatchObject([{ kind: 'span.meta-span-links-json', message: 'meta._dd.span_links [0].trace_id must be 32 lower-case hex digits' }]);
  });

  it('chunk.trace-id-mismatch: every span of a chunk shares the trace id', async () => {
    const { status, problems } = await send([wireSpan(), wireSpan({ trace_id: 99n, span_id: 5n })]);
    expect(status).toBe(200);
    expect(problems).toMatchObject([{ kind: 'chunk.trace-id-mismatch', traceIndex: 0, spanIndex: 1, spanId: '0000000000000005' }]);
  });

  it('string.invalid-utf8: strings with invalid UTF-8 bytes are reported with their location', async () => {
    const body = pack([[wireSpan({ resource: 'GET /AAAA', meta: { BBBB: 'ok' } })]]);
    body.set([0xff], body.indexOf('AAAA'));
    body.set([0xed, 0xa0, 0x80], body.indexOf('BBBB')); // an encoded lone surrogate
    const response = await putTraces(agent, '/v0.4/traces', body, 1);
    expect(response.status).toBe(200);
    expect(agent.problems().map((problem) => [problem.kind, problem.field, problem.spanIndex])).toEqual([
      ['string.invalid-utf8', 'resource', 0],
      ['string.invalid-utf8', 'meta.\ufffd\ufffd\ufffdB', 0],
    ]);
    expect(agent.problems()[1]?.message).toMatch(/^map key/);
  });

  it('string.invalid-utf8: a JSON body with invalid UTF-8 bytes is reported', async () => {
    const body = Buffer.from('[[{"trace_id":1,"span_id":1,"name":"XX"}]]');
    body.set([0xff], body.indexOf('XX'));
    const response = await putTraces(agent, '/v0.4/traces', body, 1, { 'Content-Type': 'application/json' });
    expect(response.status).toBe(200);
    expect(agent.problems()).toMatchObject([{ kind: 'string.invalid-utf8', message: 'the JSON body is not valid UTF-8 (decoded with U+FFFD replacements)' }]);
    expect(agent.spans()[0]?.name).toBe('\ufffdX');
  });
});

describe('header problems (warnings: answered 200)', () => {
  it.each([
    ['Datadog-Meta-Lang', 'header.meta-lang'],
    ['Datadog-Meta-Lang-Version', 'header.meta-lang-version'],
    ['Datadog-Meta-Tracer-Version', 'header.meta-tracer-version'],
    ['X-Datadog-Trace-Count', 'header.trace-count'],
  ])('%s missing → %s', async (header, kind) => {
    const { status, problems } = await send([wireSpan()], { [header]: undefined });
    expect(status).toBe(200);
    expect(problems).toMatchObject([{ kind, severity: 'warning', field: header }]);
  });

  it('header.trace-count: must be an integer equal to the number of traces', async () => {
    await putTraces(agent, '/v0.4/traces', pack([[wireSpan()]]), 1, { 'X-Datadog-Trace-Count': 'one' });
    await putTraces(agent, '/v0.4/traces', pack([[wireSpan()], [wireSpan({ trace_id: 7n })]]), 3);
    expect(agent.problems().map((problem) => problem.message)).toEqual([
      'X-Datadog-Trace-Count header is not an integer: "one"',
      'X-Datadog-Trace-Count is 3 but the payload holds 2 traces',
    ]);
  });

  it('header.content-type: missing or unsupported Content-Type', async () => {
    const missing = await send([wireSpan()], { 'Content-Type': undefined });
    expect(missing.problems).toMatchObject([{ kind: 'header.content-type' }]);
    // Without the header a msgpack body is still decoded.
    expect(agent.spans()).toHaveLength(1);
    agent.clear();
    const unsupported = await send([wireSpan()], { 'Content-Type': 'text/plain' });
    expect(unsupported.problems).toMatchObject([{ kind: 'header.content-type', message: 'Content-Type text/plain is not supported on v0.4 (expected application/msgpack or application/json)' }]);
  });

  it('header.content-length: a chunked body (no Content-Length) is reported', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${agent.url}/v0.4/traces`, { method: 'PUT', headers: tracerHeaders(1) });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const body = pack([[wireSpan()]]);
      req.write(body.subarray(0, 10));
      req.end(body.subarray(10));
    });
    expect(status).toBe(200);
    expect(agent.problems()).toMatchObject([{ kind: 'header.content-length' }]);
    expect(agent.spans()).toHaveLength(1);
  });
});
