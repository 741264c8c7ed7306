import type { DatadogOptions, PropagationStyle } from './options.js';
import type { EnvReader } from './env-reader.js';
import type { EnvironmentVariableName } from './env.js';
import { parsed, parseList, quoteForMessage, rejected } from './parse.js';
import type { Parsed } from './parse.js';

export const PROPAGATION_STYLES: readonly PropagationStyle[] = [
  'datadog',
  'tracecontext',
  'b3',
  'b3multi',
  'baggage',
  'none',
];

export const DEFAULT_PROPAGATION_STYLES: readonly PropagationStyle[] = Object.freeze([
  'datadog',
  'tracecontext',
  'baggage',
] as PropagationStyle[]);

/** Spellings accepted besides the canonical names (`b3 single header` is the legacy name of `b3`). */
const STYLE_ALIASES: ReadonlyMap<string, PropagationStyle> = new Map([['b3 single header', 'b3']]);

/**
 * Normalises a list of style names: case-insensitive, `b3 single header` → `b3`, duplicates
 * removed. `none` is dropped, as it selects nothing, so `['none']` becomes `[]` (propagation off).
 * One unknown name rejects the whole list, as in dd-trace-js.
 */
export function normalizePropagationStyles(names: readonly unknown[]): Parsed<PropagationStyle[]> {
  const styles: PropagationStyle[] = [];
  for (const name of names) {
    if (typeof name !== 'string') return rejected(`${quoteForMessage(name)} is not a style name`);
    const key = name.trim().toLowerCase();
    const style = STYLE_ALIASES.get(key) ?? PROPAGATION_STYLES.find((candidate) => candidate === key);
    if (style === undefined) {
      return rejected(`unknown style ${quoteForMessage(name)}; expected ${PROPAGATION_STYLES.join(', ')}`);
    }
    if (style !== 'none' && !styles.includes(style)) styles.push(style);
  }
  return parsed(styles);
}

/** Parses `datadog,tracecontext` style lists from the environment. */
export function parsePropagationStyleList(raw: string): Parsed<PropagationStyle[]> {
  const names = parseList(raw);
  if (names.length === 0) return rejected('no style given');
  return normalizePropagationStyles(names);
}

export interface ResolvedPropagation {
  readonly inject: readonly PropagationStyle[];
  readonly extract: readonly PropagationStyle[];
}

/**
 * Per direction (spec §6.1): option for that direction > option for both > `_INJECT`/`_EXTRACT`
 * variable > `DD_TRACE_PROPAGATION_STYLE` > `OTEL_PROPAGATORS` > `datadog,tracecontext,baggage`.
 */
export function resolvePropagation(options: DatadogOptions, reader: EnvReader): ResolvedPropagation {
  const option = options.propagationStyle;
  const both = Array.isArray(option) ? option : undefined;
  const perDirection = option !== undefined && !Array.isArray(option) ? option : undefined;

  const shared = (): readonly PropagationStyle[] | undefined =>
    fromOption(both) ?? fromEnv(reader, 'DD_TRACE_PROPAGATION_STYLE') ?? fromEnv(reader, 'OTEL_PROPAGATORS');

  const inject =
    fromOption(perDirection?.inject) ??
    fromOption(both) ??
    fromEnv(reader, 'DD_TRACE_PROPAGATION_STYLE_INJECT') ??
    shared() ??
    DEFAULT_PROPAGATION_STYLES;
  const extract =
    fromOption(perDirection?.extract) ??
    fromOption(both) ??
    fromEnv(reader, 'DD_TRACE_PROPAGATION_STYLE_EXTRACT') ??
    shared() ??
    DEFAULT_PROPAGATION_STYLES;
  return { inject, extract };
}

function fromOption(styles: readonly PropagationStyle[] | undefined): PropagationStyle[] | undefined {
  if (styles === undefined) return undefined;
  const result = normalizePropagationStyles(styles);
  return result.ok ? result.value : undefined;
}

function fromEnv(reader: EnvReader, name: EnvironmentVariableName): PropagationStyle[] | undefined {
  return reader.parse(name, parsePropagationStyleList);
}
