import { ROOT_CONTEXT, propagation } from '../internal/otel-api.js';
import type { Context } from '@opentelemetry/api';

/**
 * Adds trace tags `baggage.<key>` to `tags` for the baggage keys listed in
 * `DD_TRACE_BAGGAGE_TAG_KEYS` (`keys`; `*` = every key), read from the baggage of `context`
 * (spec §6.5). The tracer applies them to the local root's trace. Writes into the trace's own
 * tags: every local root asks, and almost none has baggage, so nothing is allocated for it.
 */
export function addBaggageTags(context: Context, keys: readonly string[], tags: Record<string, string>): void {
  if (keys.length === 0 || context === ROOT_CONTEXT) return;
  const baggage = propagation.getBaggage(context);
  if (baggage === undefined) return;
  if (keys.includes('*')) {
    for (const [key, entry] of baggage.getAllEntries()) tags[`baggage.${key}`] = entry.value;
    return;
  }
  for (const key of keys) {
    const entry = baggage.getEntry(key);
    if (entry !== undefined) tags[`baggage.${key}`] = entry.value;
  }
}
