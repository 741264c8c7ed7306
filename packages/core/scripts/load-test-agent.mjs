#!/usr/bin/env node
/**
 * The Agent side of scripts/load-test.mjs, forked by it and driven over IPC (`stats`, `down`,
 * `up`, `exit`): a fast intake that counts every span and answers at once, as a real Agent
 * does, and the dev agent behind it in a worker thread, which decodes and validates payloads:
 * all of them with `--validate all` (the intake then answers with the dev agent's verdict),
 * else a sample (it decodes ~10-20k spans/s on a small machine, less than the load).
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { startDevAgent } from '@dd-otel/dev-agent';

/** Offset just past the msgpack value at `offset` (walks without decoding strings). */
function skipValue(bytes, offset) {
  const type = bytes[offset];
  if (type <= 0x7f || type >= 0xe0) return offset + 1;
  if (type <= 0x8f) return skipItems(bytes, offset + 1, (type & 0x0f) * 2);
  if (type <= 0x9f) return skipItems(bytes, offset + 1, type & 0x0f);
  if (type <= 0xbf) return offset + 1 + (type & 0x1f);
  switch (type) {
    case 0xc0: case 0xc2: case 0xc3: return offset + 1;
    case 0xc4: return offset + 2 + bytes[offset + 1];
    case 0xc5: return offset + 3 + bytes.readUInt16BE(offset + 1);
    case 0xc6: return offset + 5 + bytes.readUInt32BE(offset + 1);
    case 0xca: return offset + 5;
    case 0xcb: return offset + 9;
    case 0xcc: case 0xd0: return offset + 2;
    case 0xcd: case 0xd1: return offset + 3;
    case 0xce: case 0xd2: return offset + 5;
    case 0xcf: case 0xd3: return offset + 9;
    case 0xd9: return offset + 2 + bytes[offset + 1];
    case 0xda: return offset + 3 + bytes.readUInt16BE(offset + 1);
    case 0xdb: return offset + 5 + bytes.readUInt32BE(offset + 1);
    case 0xdc: return skipItems(bytes, offset + 3, bytes.readUInt16BE(offset + 1));
    case 0xdd: return skipItems(bytes, offset + 5, bytes.readUInt32BE(offset + 1));
    case 0xde: return skipItems(bytes, offset + 3, bytes.readUInt16BE(offset + 1) * 2);
    case 0xdf: return skipItems(bytes, offset + 5, bytes.readUInt32BE(offset + 1) * 2);
    default: throw new Error(`msgpack type 0x${type.toString(16)} at ${offset} is not used by trace payloads`);
  }
}

function skipItems(bytes, offset, count) {
  let next = offset;
  for (let i = 0; i < count; i++) next = skipValue(bytes, next);
  return next;
}

function readArrayHeader(bytes, offset) {
  const type = bytes[offset];
  if (type >= 0x90 && type <= 0x9f) return [type & 0x0f, offset + 1];
  if (type === 0xdc) return [bytes.readUInt16BE(offset + 1), offset + 3];
  if (type === 0xdd) return [bytes.readUInt32BE(offset + 1), offset + 5];
  throw new Error(`expected an array at ${offset}, got 0x${type.toString(16)}`);
}

/** Spans in a v0.4 (`[[span, …], …]`) or v0.5 (`[strings, [[span, …], …]]`) payload; throws if malformed. */
function countSpans(bytes, protocol) {
  let offset = 0;
  if (protocol === '0.5') {
    const [length, next] = readArrayHeader(bytes, 0);
    if (length !== 2) throw new Error('a v0.5 payload is [strings, traces]');
    offset = skipValue(bytes, next);
  }
  const [traces, first] = readArrayHeader(bytes, offset);
  offset = first;
  let spans = 0;
  for (let i = 0; i < traces; i++) {
    const [count, next] = readArrayHeader(bytes, offset);
    spans += count;
    offset = skipItems(bytes, next, count);
  }
  if (offset !== bytes.length) throw new Error(`${bytes.length - offset} bytes after the last trace`);
  return spans;
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const parts = [];
    stream.on('data', (part) => parts.push(part));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

/** Runs in a worker thread of the Agent process: its decoding never stalls the intake. */
async function runDevAgentWorker() {
  // Keeps 1000 traces for inspection; older ones are dropped, so its memory stays flat.
  const dev = await startDevAgent({ port: 0, maxTraces: 1000 });
  dev.subscribe((event) => {
    if (event.type !== 'request') return;
    const { spanCount, problems } = event.request;
    parentPort.postMessage({ type: 'validated', spans: spanCount, problems: problems.map((problem) => problem.message) });
  });
  parentPort.on('message', async (message) => {
    if (message === 'close') {
      await dev.close();
      parentPort.close();
    }
  });
  parentPort.postMessage({ type: 'ready', port: dev.port });
}

async function runIntake(validateAll) {
  const counts = {
    received: 0,
    requests: 0,
    malformed: 0,
    validatedPayloads: 0,
    validatedSpans: 0,
    skippedValidations: 0,
    problems: 0,
    problemSamples: [],
  };
  const worker = new Worker(new URL(import.meta.url));
  const devPort = await new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message) => {
      if (message.type === 'ready') resolve(message.port);
      if (message.type !== 'validated') return;
      counts.validatedPayloads++;
      counts.validatedSpans += message.spans;
      counts.problems += message.problems.length;
      for (const problem of message.problems) if (counts.problemSamples.length < 5) counts.problemSamples.push(problem);
    });
  });
  let validating = false;
  let validation = Promise.resolve();
  const toDevAgent = (req, body) =>
    new Promise((resolve) => {
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const out = http.request({ host: '127.0.0.1', port: devPort, path: req.url, method: req.method, headers }, (res) => {
        void readBody(res).then((answer) => resolve({ status: res.statusCode, body: answer, type: res.headers['content-type'] }), () => resolve(undefined));
      });
      out.on('error', () => resolve(undefined));
      out.end(body);
    });
  const sockets = new Set();
  const handle = async (req, res) => {
    const body = await readBody(req);
    const protocol = /^\/v0\.(4|5)\/traces/.exec(req.url ?? '')?.[1];
    if (protocol === undefined) {
      const answer = await toDevAgent(req, body); // /info and the rest
      res.writeHead(answer?.status ?? 502, { 'Content-Type': answer?.type ?? 'text/plain' }).end(answer?.body ?? '');
      return;
    }
    counts.requests++;
    let spans;
    try {
      spans = countSpans(body, `0.${protocol}`);
    } catch (error) {
      counts.malformed++;
      if (counts.problemSamples.length < 5) counts.problemSamples.push(`malformed payload: ${error.message}`);
      res.writeHead(400).end('malformed payload');
      return;
    }
    if (validateAll) {
      const answer = await toDevAgent(req, body);
      if (answer?.status === 200) counts.received += spans;
      res.writeHead(answer?.status ?? 502, { 'Content-Type': 'application/json' }).end(answer?.body ?? '');
      return;
    }
    counts.received += spans;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"rate_by_service":{"service:,env:":1}}');
    if (validating) {
      counts.skippedValidations++;
      return;
    }
    // At most one validation at a time, with a pause after each: the dev agent decodes
    // ~10-20k spans/s, and on a small machine its CPU would be taken from the app under test.
    validating = true;
    validation = toDevAgent(req, body);
    await validation;
    setTimeout(() => (validating = false), 1000);
  };
  // A client may abort mid-request (its timeout, its shutdown): that ends the request, not the Agent.
  const intake = http.createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  intake.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = 0;
  const listen = () =>
    new Promise((resolve) => {
      intake.listen(port, '127.0.0.1', () => {
        port = intake.address().port;
        resolve();
      });
    });
  const close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      intake.close(() => resolve());
    });
  await listen();
  process.on('message', async (message) => {
    if (message.cmd === 'stats') {
      await validation; // the figures include the payload being validated right now
      process.send({ id: message.id, ...counts });
    }
    else if (message.cmd === 'down') {
      await close();
      process.send({ id: message.id });
    } else if (message.cmd === 'up') {
      await listen();
      process.send({ id: message.id });
    } else if (message.cmd === 'exit') {
      if (intake.listening) await close();
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
      process.disconnect();
    }
  });
  process.send({ ready: true, url: `http://127.0.0.1:${port}` });
}

if (!isMainThread) await runDevAgentWorker();
else {
  const { values } = parseArgs({ options: { validate: { type: 'string', default: 'sample' } } });
  await runIntake(values.validate === 'all');
}
