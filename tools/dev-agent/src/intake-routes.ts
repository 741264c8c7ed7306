import type { DecodedTraces } from './decode-chunks.js';
import { decodeV04 } from './decode-v04.js';
import { decodeV05 } from './decode-v05.js';
import { readBody, sendJson } from './http-io.js';
import { ProblemCollector } from './problems.js';
import type { RouteContext, Router } from './router.js';
import type { TraceStore } from './trace-store.js';
import type { DevAgentProtocol, DevAgentRequest } from './types.js';
import { MAX_PAYLOAD_BYTES, pickHeaders, validateHeaders } from './validate-headers.js';

export interface IntakeDependencies {
  store: TraceStore;
  rateByService(): Record<string, number>;
  /** The `/info` document, serialised once. */
  infoJson: string;
}

/** The Agent-compatible endpoints: trace intake (v0.4, v0.5) and `/info`. */
export function addIntakeRoutes(router: Router, deps: IntakeDependencies): void {
  router.add(['PUT', 'POST'], '/v0.4/traces', (context) => receiveTraces(context, '0.4', deps));
  router.add(['PUT', 'POST'], '/v0.5/traces', (context) => receiveTraces(context, '0.5', deps));
  router.add('GET', '/info', ({ res }) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(deps.infoJson) });
    res.end(deps.infoJson);
  });
}

async function receiveTraces({ req, res, url }: RouteContext, protocol: DevAgentProtocol, deps: IntakeDependencies): Promise<void> {
  const receivedAt = Date.now();
  const collector = new ProblemCollector(deps.store.nextRequestId());
  const declaredLength = Number(req.headers['content-length']);
  let body: Buffer | undefined;
  let byteSize = 0;
  if (Number.isFinite(declaredLength) && declaredLength > MAX_PAYLOAD_BYTES) {
    // Answer without reading 50+ MB; the connection closes after the response.
    byteSize = declaredLength;
  } else {
    const result = await readBody(req, MAX_PAYLOAD_BYTES);
    if (result.ok) body = result.body;
    byteSize = result.ok ? result.body.length : result.receivedBytes;
  }
  let decoded: DecodedTraces = { traces: [], chunkCount: undefined };
  if (body === undefined) {
    collector.report('payload.too-large', `payload of ${byteSize} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte limit`);
  } else {
    decoded = protocol === '0.4' ? decodeV04(body, req.headers['content-type'], collector) : decodeV05(body, collector);
  }
  validateHeaders(req.headers, protocol, decoded.chunkCount, collector);
  const status = body === undefined ? 413 : collector.hasErrors() ? 400 : 200;
  const request: DevAgentRequest = {
    id: collector.requestId,
    method: req.method ?? 'PUT',
    path: url.pathname,
    protocol,
    receivedAt,
    headers: pickHeaders(req.headers),
    byteSize,
    traceCount: decoded.chunkCount ?? 0,
    spanCount: decoded.traces.reduce((count, trace) => count + trace.length, 0),
    status,
    problems: collector.problems,
  };
  deps.store.add(request, decoded.traces);
  if (status === 200) {
    sendJson(res, 200, { rate_by_service: deps.rateByService() });
  } else {
    const headers = status === 413 ? { Connection: 'close' } : {};
    sendJson(res, status, { error: status === 413 ? 'payload too large' : 'invalid trace payload', problems: collector.problems }, headers);
  }
}
