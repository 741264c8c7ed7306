import { createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { HttpRequestLike } from '@dd-otel/core';

/**
 * The request a context belongs to, as the middleware saw it. Exception filters are chosen by
 * Nest without the request at hand; the active context leads back to it.
 */
const NEST_REQUEST_KEY = createContextKey('@dd-otel/nestjs request');

export function withNestRequest(parent: Context, req: HttpRequestLike): Context {
  return parent.setValue(NEST_REQUEST_KEY, req);
}

export function nestRequestOf(active: Context): HttpRequestLike | undefined {
  return active.getValue(NEST_REQUEST_KEY) as HttpRequestLike | undefined;
}
