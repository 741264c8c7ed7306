import diagnosticsChannel from 'node:diagnostics_channel';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import type { NextTracingState } from './shared-state.js';

/** Undici (Node's `fetch`) announces every request it creates here, before it is sent. */
const REQUEST_CREATED_CHANNEL = 'undici:request:create';

/** The part of undici's request object this module uses (undici 5–7). */
interface UndiciRequestLike {
  headers?: unknown;
  addHeader?: (name: string, value: string) => unknown;
}

const TRACE_HEADERS = /(?:^|[\r\n,])\s*(?:traceparent|x-datadog-trace-id)\s*:/i;

/**
 * Next's `fetch` spans do not inject trace headers, so a downstream service would start a new
 * trace. Subscribing to undici's public diagnostics channel (no patching) adds the Datadog and
 * W3C headers of the active span to requests made while a Next request is being handled. Requests
 * that already carry trace headers (the app's own, or another instrumentation's) are left alone.
 */
export function installFetchPropagation(state: NextTracingState): void {
  if (state.fetchPropagationInstalled) return;
  state.fetchPropagationInstalled = true;
  diagnosticsChannel.subscribe(REQUEST_CREATED_CHANNEL, (message: unknown) => injectTraceHeaders(message, state));
}

export function injectTraceHeaders(message: unknown, state: NextTracingState): void {
  try {
    const request = (message as { request?: UndiciRequestLike } | null)?.request;
    if (request === undefined || request === null || typeof request.addHeader !== 'function') return;
    const active = trace.getActiveSpan();
    if (active === undefined || !state.requestSpans.has(active)) return;
    if (hasTraceHeaders(request.headers)) return;
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    for (const name of Object.keys(carrier)) request.addHeader(name, carrier[name]!);
  } catch (error) {
    diag.debug(`@dd-otel/next: could not add trace headers to a fetch: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Undici keeps headers as a raw `name: value\r\n` string (v5) or a flat `[name, value, …]` array (v6+). */
function hasTraceHeaders(headers: unknown): boolean {
  if (typeof headers === 'string') return TRACE_HEADERS.test(headers);
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      const name = String(headers[i]).toLowerCase();
      if (name === 'traceparent' || name === 'x-datadog-trace-id') return true;
    }
  }
  return false;
}
