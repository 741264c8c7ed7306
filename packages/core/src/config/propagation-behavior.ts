import type { DatadogOptions, PropagationBehaviorExtract } from './options.js';
import type { EnvReader } from './env-reader.js';
import { closestName } from './closest-name.js';
import { parsed, quoteForMessage, rejected } from './parse.js';
import type { Parsed } from './parse.js';

export const PROPAGATION_BEHAVIORS_EXTRACT: readonly PropagationBehaviorExtract[] = ['continue', 'restart', 'ignore'];

export const DEFAULT_PROPAGATION_BEHAVIOR_EXTRACT: PropagationBehaviorExtract = 'continue';

/**
 * `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`: trimmed and case-insensitive (dd-trace-js compares
 * exactly, but `Restart` meaning anything other than restart would only surprise). A typo gets a
 * "did you mean", since the fallback (`continue`) silently joins the very traces a `restart` or
 * `ignore` was meant to keep out.
 */
export function parsePropagationBehaviorExtract(raw: string): Parsed<PropagationBehaviorExtract> {
  const value = raw.trim().toLowerCase();
  const behavior = PROPAGATION_BEHAVIORS_EXTRACT.find((candidate) => candidate === value);
  if (behavior !== undefined) return parsed(behavior);
  const suggestion = closestName(value, PROPAGATION_BEHAVIORS_EXTRACT);
  const hint = suggestion === undefined ? '' : `; did you mean ${quoteForMessage(suggestion)}?`;
  return rejected(`expected one of ${PROPAGATION_BEHAVIORS_EXTRACT.join(', ')}${hint}`);
}

/** Option > `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT` > `continue`. */
export function resolvePropagationBehaviorExtract(
  options: DatadogOptions,
  reader: EnvReader,
): PropagationBehaviorExtract {
  return (
    options.propagationBehaviorExtract ??
    reader.parse('DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT', parsePropagationBehaviorExtract) ??
    DEFAULT_PROPAGATION_BEHAVIOR_EXTRACT
  );
}
