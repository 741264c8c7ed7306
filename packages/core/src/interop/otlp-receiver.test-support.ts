/**
 * Test support (not shipped). A minimal OTLP/HTTP trace receiver on 127.0.0.1: it accepts
 * `POST /v1/traces` with `application/x-protobuf` bodies (gzip or not), decodes them and keeps
 * the spans, and answers like a Collector (200 with an empty `ExportTraceServiceResponse`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraceExport } from './otlp-proto.test-support.js';
import type { OtlpSpan } from './otlp-proto.test-support.js';

export interface OtlpReceivedRequest {
  path: string;
  contentType: string | undefined;
  spanCount: number;
}

export interface OtlpReceiver {
  /** The traces endpoint, e.g. `http://127.0.0.1:40123/v1/traces`. */
  readonly url: string;
  requests(): OtlpReceivedRequest[];
  spans(): OtlpSpan[];
  /** Resolves with every span received once there are at least `count`; rejects after `timeoutMs`. */
  waitForSpans(count: number, timeoutMs?: number): Promise<OtlpSpan[]>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const requests: OtlpReceivedRequest[] = [];
  const waiters = new Set<() => void>();

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const decoded = decodeTraceExport(raw);
    spans.push(...decoded);
    requests.push({ path: request.url, contentType: request.headers['content-type'], spanCount: decoded.length });
    response.writeHead(200, { 'content-type': 'application/x-protobuf' });
    response.end();
    for (const wake of waiters) wake();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    requests: () => [...requests],
    spans: () => [...spans],
    waitForSpans(count, timeoutMs = 5000) {
      if (spans.length >= count) return Promise.resolve([...spans]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`OTLP receiver: expected ${count} spans, got ${spans.length}`));
        }, timeoutMs);
        const check = (): void => {
          if (spans.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...spans]);
        };
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
