import type { IncomingMessage } from 'node:http';
import { Controller, Get, Req } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('nest-demo', '0.1.0');

/** The Node request behind Express's request or Fastify's (`raw`). */
function nodeRequest(request: IncomingMessage | { raw: IncomingMessage }): IncomingMessage {
  return 'raw' in request ? request.raw : request;
}

/**
 * `GET /api/v1/downstream`: calls another service (this app's own users route, over loopback)
 * in a client span, with the trace context injected into the outgoing headers, so the callee's
 * request span continues the same trace.
 */
@Controller({ path: 'downstream', version: '1' })
export class DownstreamController {
  @Get()
  async callUsers(@Req() request: IncomingMessage | { raw: IncomingMessage }): Promise<{ downstreamStatus: number; user: unknown }> {
    const port = nodeRequest(request).socket.localPort;
    const url = `http://127.0.0.1:${port}/api/v1/users/7`;
    return tracer.startActiveSpan('http.request', { kind: SpanKind.CLIENT }, async (span) => {
      span.setAttributes({ 'http.method': 'GET', 'http.url': url, 'resource.name': 'GET /api/v1/users/:id', 'span.type': 'http' });
      try {
        const headers: Record<string, string> = {};
        propagation.inject(context.active(), headers);
        const response = await fetch(url, { headers });
        span.setAttribute('http.status_code', String(response.status));
        return { downstreamStatus: response.status, user: await response.json() };
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
