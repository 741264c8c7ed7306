import type { Agent, ClientRequest, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { nodeHttp, nodeHttps } from '../internal/node-builtins.js';
import { context } from '../internal/otel-api.js';
import { suppressTracing } from './suppress-tracing.js';

/** Where the Agent listens, from `ResolvedConfig.agentUrl`. */
export interface AgentEndpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Set for `unix://` URLs; then hostname/port are unused. */
  socketPath: string | undefined;
}

/** Parses `http(s)://host:port` or `unix:///path.sock`; throws a TypeError naming `agentUrl`. */
export function parseAgentUrl(agentUrl: string): AgentEndpoint {
  let url: URL;
  try {
    url = new URL(agentUrl);
  } catch {
    throw new TypeError(`agentUrl must be an http://, https:// or unix:// URL, got ${JSON.stringify(agentUrl)}`);
  }
  if (url.protocol === 'unix:') {
    // `unix://./pipe/name` is how a Windows named pipe is written; Node wants `//./pipe/name`.
    let socketPath: string;
    try {
      socketPath = url.hostname === '.' ? `//./${url.pathname.replace(/^\/+/, '')}` : decodeURIComponent(url.pathname);
    } catch {
      throw new TypeError(`agentUrl has a malformed socket path: ${agentUrl}`);
    }
    if (socketPath === '' || socketPath === '/') throw new TypeError(`agentUrl has no socket path: ${agentUrl}`);
    return { protocol: 'http:', hostname: 'localhost', port: 0, socketPath };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`agentUrl must be an http://, https:// or unix:// URL, got ${JSON.stringify(agentUrl)}`);
  }
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  // URL keeps IPv6 hosts bracketed; node:http wants them bare.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { protocol: url.protocol, hostname, port: url.port === '' ? defaultPort : Number(url.port), socketPath: undefined };
}

export interface TransportRequest {
  method: 'GET' | 'PUT';
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: Uint8Array;
  /** Covers connect, request and the whole response. */
  timeoutMs: number;
  /** Let the process exit while this request is outstanding (background discovery). */
  unref?: boolean;
}

export interface TransportResponse {
  statusCode: number;
  /** Decoded as UTF-8, truncated at 1 MiB: Agent answers are small JSON documents. */
  body: string;
}

/** Sends requests to the Agent over one keep-alive connection pool. */
export interface Transport {
  /** Rejects with an Error carrying a `code` (e.g. `ECONNREFUSED`, `ETIMEDOUT`) on failure. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Closes every socket and aborts outstanding requests. */
  destroy(): void;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`Agent request timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
}

/** A transport over node:http/node:https (TCP or a unix socket). */
export function createTransport(endpoint: AgentEndpoint): Transport {
  const agentOptions = {
    keepAlive: true,
    // Trace payloads go one at a time by design; the second socket lets `/info` never wait
    // behind a slow trace request.
    maxSockets: 2,
    maxFreeSockets: 2,
  };
  // node:http(s) and the Agent wait for the first request: loading them costs start-up time.
  let agent: Agent | undefined;
  const secure = endpoint.protocol === 'https:';
  let destroyed = false;
  // Requests still waiting for a pooled socket are not reached by `agent.destroy()`.
  const outstanding = new Set<ClientRequest>();

  function send(request: TransportRequest): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      if (destroyed) {
        reject(Object.assign(new Error('Agent transport is closed'), { code: 'ERR_TRANSPORT_CLOSED' }));
        return;
      }
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let clientRequest: ClientRequest | undefined;
      const finish = (error: Error | undefined, response?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        if (error !== undefined) reject(error);
        else resolve(response as TransportResponse);
      };
      try {
        const httpModule = secure ? nodeHttps() : nodeHttp();
        agent ??= new httpModule.Agent(agentOptions);
        const requestFn = httpModule.request;
        const options: RequestOptions = {
          agent,
          method: request.method,
          path: request.path,
          headers: request.headers,
        };
        if (endpoint.socketPath !== undefined) options.socketPath = endpoint.socketPath;
        else {
          options.hostname = endpoint.hostname;
          options.port = endpoint.port;
        }
        // An installed @opentelemetry/instrumentation-http must not trace the exporter's own
        // requests (that would feed spans back into the exporter forever).
        clientRequest = context.with(suppressTracing(context.active()), () => requestFn(options));
        const req = clientRequest;
        outstanding.add(req);
        req.once('close', () => outstanding.delete(req));
        timer = setTimeout(() => {
          const error = timeoutError(request.timeoutMs);
          finish(error);
          req.destroy(error);
        }, request.timeoutMs);
        timer.unref();
        req.on('error', (error) => finish(error));
        if (request.unref === true) req.on('socket', (socket) => socket.unref());
        req.on('response', (res) => {
          const parts: Buffer[] = [];
          let received = 0;
          res.on('data', (part: Buffer) => {
            if (received < MAX_RESPONSE_BYTES) parts.push(part);
            received += part.length;
          });
          res.on('error', (error) => finish(error));
          res.on('aborted', () => finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
          res.on('end', () => {
            const body = Buffer.concat(parts).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
            finish(undefined, { statusCode: res.statusCode ?? 0, body });
          });
        });
        req.end(request.body === undefined ? undefined : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength));
      } catch (error) {
        clientRequest?.destroy();
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  return {
    send,
    destroy(): void {
      destroyed = true;
      const closedError = Object.assign(new Error('Agent transport is closed'), { code: 'ERR_TRANSPORT_CLOSED' });
      for (const req of outstanding) req.destroy(closedError);
      outstanding.clear();
      agent?.destroy();
    },
  };
}
