/**
 * Test doubles for the exporter tests: a JSON "encoder" whose payloads are easy to read back, and
 * a local Agent stand-in on 127.0.0.1 (or a unix socket) that answers as each test needs.
 */
import http from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DatadogSpanRecord, TraceChunk, TraceEncoder } from '../encode/span-record.js';

/** Encodes a payload as the JSON array of its chunks. */
export class JsonTestEncoder implements TraceEncoder {
  readonly path: string;
  private chunks: TraceChunk[] = [];
  private bytes = 2;

  constructor(version: '0.4' | '0.5' = '0.4') {
    this.path = `/v${version}/traces`;
  }

  get traceCount(): number {
    return this.chunks.length;
  }

  get byteLength(): number {
    return this.bytes;
  }

  append(chunk: TraceChunk): void {
    this.chunks.push(chunk);
    this.bytes += Buffer.byteLength(JSON.stringify(chunk)) + 1;
  }

  takePayload(): Uint8Array {
    const payload = Buffer.from(JSON.stringify(this.chunks));
    this.chunks = [];
    this.bytes = 2;
    return payload;
  }
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
