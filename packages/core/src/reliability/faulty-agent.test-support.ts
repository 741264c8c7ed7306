/**
 * Test support (not shipped). A Datadog Agent that misbehaves on purpose, on 127.0.0.1: it sits
 * in front of a real dev agent and, per trace request, either forwards the payload (so it is
 * decoded and validated) or fails in the way the test asks. It can also stop listening and come
 * back on the same port.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';

/** What the Agent does with one trace request. */
export type Fault =
  /** Forward to the dev agent and relay its answer. */
  | { kind: 'healthy' }
  /** Read the request, never answer (the connection stays open). */
  | { kind: 'hang' }
  /** Answer 200 after `ms` without forwarding (the tracer has usually given up by then). */
  | { kind: 'slow'; ms: number }
  /** Answer this status without forwarding. */
  | { kind: 'status'; status: number }
  /** Destroy the connection after reading the request. */
  | { kind: 'reset' }
  /** Forward, then answer 200 with this body instead of the dev agent's JSON. */
  | { kind: 'body'; body: string | Buffer }
  /** 413 when the body is larger than `maxBytes`, else forward. */
  | { kind: 'limit'; maxBytes: number };

export const HEALTHY: Fault = { kind: 'healthy' };

/** Decides the fault of the `index`-th trace request (0-based). */
export type FaultPlan = (index: number, bodyBytes: number) => Fault;

/** The first `count` trace requests get `fault`, later ones are forwarded. */
export function firstRequests(count: number, fault: Fault): FaultPlan {
  return (index) => (index < count ? fault : HEALTHY);
}

export function always(fault: Fault): FaultPlan {
  return () => fault;
}

export interface TraceAttempt {
  index: number;
  /** `performance.now()` when the request body was read. */
  at: number;
  bytes: number;
  fault: Fault['kind'];
}

export interface FaultyAgent {
  url: string;
  port: number;
  /** The real intake behind the faults. */
  dev: DevAgent;
  /** Every trace request, in arrival order. */
  attempts: TraceAttempt[];
  /** Trace requests read and not answered yet (hanging or slow). */
  readonly openRequests: number;
  /** Spans the dev agent accepted (HTTP 200) so far. */
  readonly receivedSpans: number;
  setPlan(plan: FaultPlan): void;
  /** Closes the listening socket and every connection: the port refuses connections. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const out = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (res) => {
        void readBody(res).then(
          (answer) => resolve({ status: res.statusCode ?? 500, body: answer, type: String(res.headers['content-type'] ?? '') }),
          reject,
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

const isTracePath = (path: string | undefined): boolean => /^\/v0\.[45]\/traces/.test(path ?? '');

export async function startFaultyAgent(plan: FaultPlan = always(HEALTHY)): Promise<FaultyAgent> {
  const dev = await startDevAgent({ port: 0, maxTraces: 1_000_000 });
  const target = new URL(dev.url);
  let receivedSpans = 0;
  dev.subscribe((event) => {
    if (event.type === 'request' && event.request.status === 200) receivedSpans += event.request.spanCount;
  });
  let currentPlan = plan;
  let openRequests = 0;
  const attempts: TraceAttempt[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const relay = async (req: IncomingMessage, res: ServerResponse, body: Buffer, replaceBody?: string | Buffer): Promise<void> => {
    const answer = await forward(target, req, body);
    if (replaceBody !== undefined) res.writeHead(200, { 'Content-Type': 'application/json' }).end(replaceBody);
    else res.writeHead(answer.status, { 'Content-Type': answer.type }).end(answer.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (!isTracePath(req.url)) return relay(req, res, body);
    const index = attempts.length;
    const fault = currentPlan(index, body.length);
    attempts.push({ index, at: performance.now(), bytes: body.length, fault: fault.kind });
    switch (fault.kind) {
      case 'healthy':
        return relay(req, res, body);
      case 'hang':
        openRequests++;
        res.on('close', () => openRequests--);
        return;
      case 'slow': {
        openRequests++;
        res.on('close', () => openRequests--);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"rate_by_service":{}}');
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case 'status':
        res.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end(`fault ${fault.status}`);
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'body':
        return relay(req, res, body, fault.body);
      case 'limit':
        if (body.length > fault.maxBytes) res.writeHead(413, { 'Content-Type': 'text/plain' }).end('payload too large');
        else await relay(req, res, body);
        return;
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dev,
    attempts,
    get openRequests() {
      return openRequests;
    },
    get receivedSpans() {
      return receivedSpans;
    },
    setPlan(next) {
      currentPlan = next;
    },
    stop,
    start: () => (server.listening ? Promise.resolve() : listen(port)),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await stop();
      await dev.close();
    },
  };
}
