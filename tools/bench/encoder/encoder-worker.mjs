// One encoder-bench run in a fresh process. argv: <bundled create-encoder.mjs>;
// env: BENCH_ITERATIONS, BENCH_WARMUP, BENCH_CHUNKS (two spans each per payload).
// Every iteration encodes one payload with each variant in rotated order (paired samples), so the
// machine's noise hits all variants alike; per-iteration ratios are summarised as medians.
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Packr, unpack } from 'msgpackr';
import { makeChunks, toV04Object } from './records.mjs';

const { createEncoder } = await import(pathToFileURL(process.argv[2]).href);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 1000);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const chunksPerPayload = Number(process.env.BENCH_CHUNKS ?? 250);
const spansPerPayload = chunksPerPayload * 2;

// A pool larger than one payload so consecutive payloads do not repeat the same strings.
const poolSize = chunksPerPayload * 4;
const nativeChunks = makeChunks(poolSize, { nativeEvents: true });
const metaEventChunks = makeChunks(poolSize, { nativeEvents: false });
const prebuiltObjects = nativeChunks.map((chunk) => chunk.map(toV04Object));
const packr = new Packr({ useRecords: false });
const v04 = createEncoder('0.4');
const v05 = createEncoder('0.5');

let cursor = 0;
function take(pool, i) {
  return pool[(cursor + i) % poolSize];
}
const variants = {
  'dd-otel v0.4': () => {
    for (let i = 0; i < chunksPerPayload; i++) v04.append(take(nativeChunks, i));
    return v04.takePayload().bytes;
  },
  'dd-otel v0.5': () => {
    for (let i = 0; i < chunksPerPayload; i++) v05.append(take(metaEventChunks, i));
    return v05.takePayload().bytes;
  },
  'msgpackr pack, v0.4 shape (objects prebuilt)': () => {
    const payload = new Array(chunksPerPayload);
    for (let i = 0; i < chunksPerPayload; i++) payload[i] = take(prebuiltObjects, i);
    return packr.pack(payload);
  },
  'msgpackr pack, v0.4 shape (incl. building the objects)': () => {
    const payload = new Array(chunksPerPayload);
    for (let i = 0; i < chunksPerPayload; i++) payload[i] = take(nativeChunks, i).map(toV04Object);
    return packr.pack(payload);
  },
};
const names = Object.keys(variants);

// The same spans must decode to the same data from dd-otel's v0.4 and from msgpackr.
const problems = [];
if (!isDeepStrictEqual(unpack(variants['dd-otel v0.4']()), unpack(variants['msgpackr pack, v0.4 shape (objects prebuilt)']()))) {
  problems.push('encoder: dd-otel v0.4 and msgpackr decode to different data for the same spans');
}
const v05Decoded = unpack(variants['dd-otel v0.5']());
if (!Array.isArray(v05Decoded?.[0]) || v05Decoded[1]?.length !== chunksPerPayload) {
  problems.push('encoder: dd-otel v0.5 payload is not [strings, traces] with every chunk');
}

const samples = Object.fromEntries(names.map((n) => [n, []]));
const bytes = {};
function timeOne(name) {
  const t0 = process.hrtime.bigint();
  const payload = variants[name]();
  const ns = Number(process.hrtime.bigint() - t0);
  bytes[name] = payload.length;
  return ns / spansPerPayload;
}
for (let i = 0; i < warmup + iterations; i++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length];
    const nsPerSpan = timeOne(name);
    if (i >= warmup) samples[name].push(nsPerSpan);
  }
  cursor = (cursor + chunksPerPayload) % poolSize;
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const baseline = samples['msgpackr pack, v0.4 shape (objects prebuilt)'];
const variantsOut = {};
for (const name of names) {
  variantsOut[name] = {
    nsPerSpan: median(samples[name]),
    spansPerSecond: 1e9 / median(samples[name]),
    bytesPerSpan: bytes[name] / spansPerPayload,
    // How many times faster than msgpackr with prebuilt objects, per paired iteration.
    speedUpVsMsgpackr: median(samples[name].map((ns, i) => baseline[i] / ns)),
  };
}
process.send({ type: 'result', spansPerPayload, iterations, variants: variantsOut, problems }, () => process.exit(0));
