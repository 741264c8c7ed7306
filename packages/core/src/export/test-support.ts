/**
 * Test doubles for the exporter tests: an "encoder" whose payloads are easy to read back, and
 * a local Agent stand-in on 127.0.0.1 (or a unix socket) that answers as each test needs.
 */
import http from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { pack, unpack } from 'msgpackr';
import type { DatadogSpanRecord, EncodedPayload, TraceChunk, TraceEncoder } from '../encode/span-record.js';

function array32Header(count: number): Buffer {
  const header = Buffer.alloc(5);
  header[0] = 0xdd;
  header.writeUInt32BE(count, 1);
  return header;
}

/**
 * Writes each record as a plain msgpack map (msgpackr), framed like the real payloads (array32 of
 * traces, each an array32 of spans), so `decodeTraces(body)` gives the chunks back as they were.
 */
export class PlainRecordEncoder implements TraceEncoder {
  readonly path: string;
  private traces: Buffer[] = [];
  private offsets: number[] = [];
  private spans = 0;
  private bytes = 5;

  constructor(version: '0.4' | '0.5' = '0.4') {
    this.path = `/v${version}/traces`;
  }

  get traceCount(): number {
    return this.traces.length;
  }

  get byteLength(): number {
    return this.bytes;
  }

  append(chunk: TraceChunk): void {
    const encoded = Buffer.concat([array32Header(chunk.length), ...chunk.map((span) => pack(span))]);
    this.offsets.push(this.bytes);
    this.traces.push(encoded);
    this.bytes += encoded.length;
    this.spans += chunk.length;
  }

  takePayload(): EncodedPayload {
    const payload: EncodedPayload = {
      bytes: Buffer.concat([array32Header(this.traces.length), ...this.traces]),
      traceOffsets: Uint32Array.from(this.offsets),
      traceCount: this.traces.length,
      spanCount: this.spans,
    };
    this.traces = [];
    this.offsets = [];
    this.spans = 0;
    this.bytes = 5;
    return payload;
  }
}

/** The chunks of a `PlainRecordEncoder` payload. */
export function decodeTraces(body: Uint8Array): TraceChunk[] {
  return unpack(body) as TraceChunk[];
}

/** What one chunk adds to a `PlainRecordEncoder` payload. */
export function plainEncodedSize(chunk: TraceChunk): number {
  const encoder = new PlainRecordEncoder();
  encoder.append(chunk);
  return encoder.byteLength - 5;
}

let nextSpanId = 1;

/** A chunk of `spans` spans; `padding` characters in a meta tag make it as large as needed. */
export function makeChunk(spans = 1, padding = 0): TraceChunk {
  const traceId = (nextSpanId++).toString(16).padStart(16, '0');
  const chunk: DatadogSpanRecord[] = [];
  for (let i = 0; i < spans; i++) {
    chunk.push({
      traceId,
      spanId: (nextSpanId++).toString(16).padStart(16, '0'),
      parentId: i === 0 ? '0000000000000000' : chunk[0]!.spanId,
      name: 'test.op',
      resource: 'GET /',
      service: 'svc',
      type: 'web',
      error: 0,
      start: 1_700_000_000_000_000_000,
      duration: 1000,
      meta: padding > 0 ? { pad: 'x'.repeat(padding) } : {},
      metrics: {},
    });
  }
  return chunk;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Header names in the order and spelling the server saw them. */
  rawHeaderNames: string[];
  body: Buffer;
}

/** Decides each answer; `res` is left unanswered when the handler does not end it. */
export type FakeAgentHandler = (request: ReceivedRequest, res: ServerResponse) => void;

export interface FakeAgent {
  /** `http://127.0.0.1:<port>` or `unix://<path>`. */
  url: string;
  port: number;
  /** Every request to the trace endpoints, in arrival order. */
  traceRequests: ReceivedRequest[];
  infoRequests: ReceivedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_RATES = { 'service:,env:': 1, 'service:svc,env:prod': 0.5 };

/** Answers `/info` with `span_events: true` and traces with `rate_by_service`. */
export const agentThatAccepts: FakeAgentHandler = (request, res) => {
  if (request.url === '/info') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ version: '7.99.0', span_events: true }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ rate_by_service: DEFAULT_RATES }));
};

export interface FakeAgentListenOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Listen on this unix socket instead of TCP. */
  socketPath?: string;
  /** How long idle keep-alive connections stay open (Node's default is 5 s). */
  keepAliveTimeoutMs?: number;
}

export async function startFakeAgent(
  handler: FakeAgentHandler = agentThatAccepts,
  listen: FakeAgentListenOptions = {},
): Promise<FakeAgent> {
  const traceRequests: ReceivedRequest[] = [];
  const infoRequests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
        body: Buffer.concat(parts),
      };
      (request.url === '/info' ? infoRequests : traceRequests).push(request);
      handler(request, res);
    });
  });
  if (listen.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = listen.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (listen.socketPath !== undefined) server.listen(listen.socketPath, resolve);
    else server.listen(listen.port ?? 0, '127.0.0.1', resolve);
  });
  const port = listen.socketPath === undefined ? (server.address() as AddressInfo).port : 0;
  return {
    url: listen.socketPath === undefined ? `http://127.0.0.1:${port}` : `unix://${listen.socketPath}`,
    port,
    traceRequests,
    infoRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound once, then released). */
export async function findClosedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface CapturedDiag {
  messages: Array<{ level: 'error' | 'warn' | 'info' | 'debug' | 'verbose'; text: string }>;
  count(level: 'error' | 'warn' | 'info', pattern: RegExp): number;
  restore(): void;
}

/** Routes the global OTel `diag` logger into an array for the duration of a test. */
export function captureDiag(): CapturedDiag {
  const messages: CapturedDiag['messages'] = [];
  const record = (level: CapturedDiag['messages'][number]['level']) => (...args: unknown[]) => {
    messages.push({ level, text: args.map(String).join(' ') });
  };
  diag.setLogger(
    { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug'), verbose: record('verbose') },
    { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
  );
  return {
    messages,
    count: (level, pattern) => messages.filter((m) => m.level === level && pattern.test(m.text)).length,
    restore: () => diag.disable(),
  };
}
