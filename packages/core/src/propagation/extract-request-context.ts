import { ROOT_CONTEXT, defaultTextMapGetter, propagation } from '../internal/otel-api.js';
import type { Context } from '@opentelemetry/api';
import { registeredPropagator } from '../internal/api-globals.js';
import { DatadogCompositePropagator } from './create-propagator.js';

/**
 * `propagation.extract(ROOT_CONTEXT, headers)`: the context an incoming request continues.
 * Straight to dd-otel's propagator when it is the registered one, without the API's global
 * look-up on every request; through the API otherwise (an app's own propagator).
 */
export function extractRequestContext(headers: object): Context {
  const propagator = registeredPropagator();
  return propagator instanceof DatadogCompositePropagator
    ? propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
    : propagation.extract(ROOT_CONTEXT, headers);
}
