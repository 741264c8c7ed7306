import { propagation } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';

/**
 * Trace tags `baggage.<key>` for the baggage keys listed in `DD_TRACE_BAGGAGE_TAG_KEYS` (`*` =
 * every key), read from the baggage of `context` (spec §6.5). The tracer applies them to the
 * local root's trace.
 */
export function baggageTagsFromContext(
  context: Context,
  config: Pick<ResolvedConfig, 'baggageTagKeys'>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  if (config.baggageTagKeys.length === 0) return tags;
  const baggage = propagation.getBaggage(context);
  if (baggage === undefined) return tags;
  if (config.baggageTagKeys.includes('*')) {
    for (const [key, entry] of baggage.getAllEntries()) tags[`baggage.${key}`] = entry.value;
    return tags;
  }
  for (const key of config.baggageTagKeys) {
    const entry = baggage.getEntry(key);
    if (entry !== undefined) tags[`baggage.${key}`] = entry.value;
  }
  return tags;
}
