// Encoder benchmark: this package's v0.4 encoder vs msgpackr's pack() on the same spans.
// Run from packages/core:  node bench/encoder-vs-msgpackr.mjs
// Env: ITERATIONS (default 2000), WARMUP (default 300), CHUNKS_PER_PAYLOAD (default 250),
// ONLY (run only the encoders whose name contains it, e.g. for --cpu-prof).
// The TypeScript sources are bundled on the fly with esbuild (a tsup dependency), so no build
// step is needed. DESIGN.md decision 2: our writer is used only if it is ≥ 1.5× faster.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Packr, unpack } from 'msgpackr';

const ITERATIONS = Number(process.env.ITERATIONS ?? 2000);
const WARMUP = Number(process.env.WARMUP ?? 300);
const CHUNKS_PER_PAYLOAD = Number(process.env.CHUNKS_PER_PAYLOAD ?? 250);

const here = new URL('.', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'dd-otel-encoder-bench-'));
const bundle = join(outDir, 'encoders.mjs');
await build({
  entryPoints: [join(here, '../src/encode/create-encoder.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: bundle,
  logLevel: 'error',
});
const { createEncoder } = await import(pathToFileURL(bundle).href);
rmSync(outDir, { recursive: true, force: true });

// ---- realistic records -------------------------------------------------------------------
let seed = 42;
const random32 = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed;
};
const hex16 = () => random32().toString(16).padStart(8, '0') + random32().toString(16).padStart(8, '0');
const RUNTIME_ID = '6b1c8c1e-4a9b-4a53-9d77-2f0c8a3b1f55';
const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function makeChunk(i) {
  const traceId = hex16();
  const rootId = hex16();
  const start = 1732975200000000000 + i * 1_000_000_123;
  const web = {
    traceId, spanId: rootId, parentId: '0000000000000000',
    name: 'express.request', resource: 'GET /users/:id', service: 'shop-api', type: 'web',
    error: 0, start, duration: 1_834_000 + (i % 97) * 1000,
    meta: {
      'http.method': 'GET',
      'http.url': `http://shop.internal:3000/users/${1000 + (i % 500)}?expand=orders`,
      'http.route': '/users/:id',
      'http.status_code': '200',
      'http.useragent': USER_AGENT,
      'http.client_ip': `10.0.${i % 8}.${i % 250}`,
      'span.kind': 'server',
      component: 'express',
      env: 'prod',
      version: '1.4.2',
      language: 'javascript',
      'runtime-id': RUNTIME_ID,
      '_dd.p.tid': '6745f3a200000000',
      '_dd.p.dm': '-0',
      'otel.library.name': '@dd-otel/express',
    },
    metrics: {
      '_dd.top_level': 1, '_dd.measured': 1, '_sampling_priority_v1': 1,
      '_dd.agent_psr': 0.75, process_id: 48213, 'http.response.body.size': 5123,
    },
  };
  const custom = {
    traceId, spanId: hex16(), parentId: rootId,
    name: 'operation_name', resource: 'operation_name', service: 'shop-api', type: '',
    error: 0, start: start + 250_000, duration: 12_345,
    meta: {
      'span.kind': 'internal', env: 'prod', version: '1.4.2', language: 'javascript',
      'otel.library.name': 'my-lib',
    },
    metrics: { attribute_key1: 1 },
    spanEvents: [{
      name: 'Event With Some Attributes',
      timeUnixNano: start + 300_000,
      attributes: { int_val: { type: 2, int_value: 1 }, string_val: { type: 0, string_value: 'two' } },
    }],
  };
  return [web, custom];
}

/** The v0.4 span map as plain objects for msgpackr (BigInt so ids/start are written as uint64). */
function toPlain(record) {
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
    span.span_events = record.spanEvents.map((e) => ({
      name: e.name, time_unix_nano: BigInt(Math.round(e.timeUnixNano)), attributes: e.attributes,
    }));
  }
  return span;
}

const chunks = Array.from({ length: CHUNKS_PER_PAYLOAD * 4 }, (_, i) => makeChunk(i));
const plainChunks = chunks.map((c) => c.map(toPlain));
const spansPerPayload = CHUNKS_PER_PAYLOAD * 2;
const packr = new Packr({ useRecords: false });

let cursor = 0;
const ours = createEncoder('0.4');
const variants = {
  'dd-otel V04Encoder': () => {
    for (let i = 0; i < CHUNKS_PER_PAYLOAD; i++) ours.append(chunks[cursor++ % chunks.length]);
    return ours.takePayload().bytes;
  },
  'msgpackr pack (prebuilt objects)': () => {
    const payload = new Array(CHUNKS_PER_PAYLOAD);
    for (let i = 0; i < CHUNKS_PER_PAYLOAD; i++) payload[i] = plainChunks[cursor++ % chunks.length];
    return packr.pack(payload);
  },
  'msgpackr pack (incl. building objects)': () => {
    const payload = new Array(CHUNKS_PER_PAYLOAD);
    for (let i = 0; i < CHUNKS_PER_PAYLOAD; i++) payload[i] = chunks[cursor++ % chunks.length].map(toPlain);
    return packr.pack(payload);
  },
};

// Same spans must decode to the same thing both ways (BigInt ids, same keys in the same order).
cursor = 0;
const decodedOurs = unpack(variants['dd-otel V04Encoder']());
cursor = 0;
const decodedMsgpackr = unpack(variants['msgpackr pack (prebuilt objects)']());
if (!isDeepStrictEqual(decodedOurs, decodedMsgpackr)) throw new Error('encoders disagree on the same spans');

// Paired, interleaved samples: every iteration encodes one payload with each encoder (order
// rotated), so the noise of a shared machine hits all of them alike. Per-payload wall times;
// the speed-up is the median of the per-iteration ratios.
const names = Object.keys(variants).filter((n) => !process.env.ONLY || n.includes(process.env.ONLY));
const samples = Object.fromEntries(names.map((n) => [n, []]));
const bytesPerSpan = {};
function timeOne(name) {
  const t0 = process.hrtime.bigint();
  const payload = variants[name]();
  const ns = Number(process.hrtime.bigint() - t0);
  bytesPerSpan[name] = payload.length / spansPerPayload;
  return ns / spansPerPayload;
}
for (let i = 0; i < WARMUP; i++) for (const name of names) timeOne(name);
for (let i = 0; i < ITERATIONS; i++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length];
    samples[name].push(timeOne(name));
  }
}

const sorted = (xs) => xs.slice().sort((a, b) => a - b);
const quantile = (xs, q) => sorted(xs)[Math.floor((xs.length - 1) * q)];
const oursSamples = samples[names[0]];
console.log(
  `node ${process.version}, ${spansPerPayload} spans/payload, ${ITERATIONS} payloads per encoder ` +
    `(after ${WARMUP} warm-up), interleaved`,
);
console.log(
  '| encoder | median ns/span | spans/s (median) | fastest ns/span | bytes/span | dd-otel speed-up: median of paired ratios (p10–p90) |',
);
console.log('|---|---|---|---|---|---|');
for (const name of names) {
  const xs = samples[name];
  const ratios = xs.map((x, i) => x / oursSamples[i]);
  console.log(
    `| ${name} | ${quantile(xs, 0.5).toFixed(0)} | ${Math.round(1e9 / quantile(xs, 0.5)).toLocaleString('en-US')} | ` +
      `${quantile(xs, 0).toFixed(0)} | ` +
      `${bytesPerSpan[name].toFixed(1)} | ` +
      `${quantile(ratios, 0.5).toFixed(2)}× (${quantile(ratios, 0.1).toFixed(2)}–${quantile(ratios, 0.9).toFixed(2)}) |`,
  );
}
