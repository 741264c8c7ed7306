// Realistic Datadog span records, as dd-otel's mapper produces them: a web request span with the
// usual ~15 meta tags, and a custom child span with one span event. Deterministic (seeded) so
// every run encodes the same bytes.

const RUNTIME_ID = '0c7b9f0e-3f5d-4a4e-9c41-5b2f1d7e8a90';
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36';
const BASE_START_NS = 1_764_500_000_000_000_000;

function seededHex16(state) {
  const next = () => {
    state.seed = (Math.imul(state.seed, 1_103_515_245) + 12_345) >>> 0;
    return state.seed.toString(16).padStart(8, '0');
  };
  return () => next() + next();
}

/** The event of the custom span, in the typed form of native `span_events`. */
function nativeEvent(timeUnixNano) {
  return {
    name: 'Event With Some Attributes',
    timeUnixNano,
    attributes: { int_val: { type: 2, int_value: 1 }, string_val: { type: 0, string_value: 'two' } },
  };
}

/** The same event as the meta `events` JSON (v0.5, or an Agent without native span events). */
function eventJson(timeUnixNano) {
  return JSON.stringify([
    { name: 'Event With Some Attributes', time_unix_nano: timeUnixNano, attributes: { int_val: 1, string_val: 'two' } },
  ]);
}

/**
 * `count` trace chunks of two spans each (request + custom child). With `nativeEvents` the
 * child carries `spanEvents`, otherwise a meta `events` JSON string.
 */
export function makeChunks(count, { nativeEvents }) {
  const hex16 = seededHex16({ seed: 20_261_130 });
  const chunks = new Array(count);
  for (let i = 0; i < count; i++) {
    const traceId = hex16();
    const rootId = hex16();
    const start = BASE_START_NS + i * 1_000_003_000;
    const request = {
      traceId,
      spanId: rootId,
      parentId: '0000000000000000',
      name: 'express.request',
      resource: 'GET /users/:id',
      service: 'shop-api',
      type: 'web',
      error: 0,
      start,
      duration: 1_250_000 + (i % 113) * 1_000,
      meta: {
        env: 'prod',
        version: '1.4.2',
        language: 'javascript',
        'runtime-id': RUNTIME_ID,
        component: 'express',
        'span.kind': 'server',
        'http.method': 'GET',
        'http.url': `http://shop.internal:3000/users/${1000 + (i % 700)}`,
        'http.route': '/users/:id',
        'http.status_code': '200',
        'http.useragent': USER_AGENT,
        'network.client.ip': `10.1.${i % 16}.${i % 251}`,
        '_dd.integration': 'express',
        '_dd.p.dm': '-0',
        '_dd.p.tid': '6745f3a200000000',
      },
      metrics: { '_dd.top_level': 1, '_dd.measured': 1, _sampling_priority_v1: 1, '_dd.agent_psr': 1, process_id: 48_213 },
    };
    const eventTime = start + 310_000;
    const custom = {
      traceId,
      spanId: hex16(),
      parentId: rootId,
      name: 'operation_name',
      resource: 'operation_name',
      service: 'shop-api',
      type: '',
      error: 0,
      start: start + 250_000,
      duration: 84_000 + (i % 31) * 100,
      meta: { env: 'prod', version: '1.4.2', language: 'javascript', 'runtime-id': RUNTIME_ID, 'span.kind': 'internal', '_dd.integration': 'otel' },
      metrics: { attribute_key1: 1, _sampling_priority_v1: 1, process_id: 48_213 },
    };
    if (nativeEvents) custom.spanEvents = [nativeEvent(eventTime)];
    else custom.meta.events = eventJson(eventTime);
    chunks[i] = [request, custom];
  }
  return chunks;
}

/**
 * A record as the plain object msgpackr would be given for the v0.4 wire shape (same keys in the
 * same order as dd-otel's encoder writes them; ids and start as BigInt so they become uint64).
 */
export function toV04Object(record) {
  const span = {};
  if (record.type) span.type = record.type;
  span.trace_id = BigInt(`0x${record.traceId}`);
  span.span_id = BigInt(`0x${record.spanId}`);
  span.parent_id = BigInt(`0x${record.parentId}`);
  span.name = record.name;
  span.resource = record.resource;
  span.service = record.service;
  span.error = record.error;
  span.start = BigInt(record.start);
  span.duration = record.duration;
  span.meta = record.meta;
  span.metrics = record.metrics;
  if (record.spanEvents) {
    span.span_events = record.spanEvents.map((event) => ({
      name: event.name,
      time_unix_nano: BigInt(Math.round(event.timeUnixNano)),
      attributes: event.attributes,
    }));
  }
  return span;
}
