import { compileQueryStringObfuscation, globalCopy } from '../config/query-obfuscation.js';

/**
 * How the query string is written into `http.url` and `url.query`: a RegExp whose matches become
 * `<redacted>`, `'drop'` to remove the whole query, or `'keep'` to leave it untouched.
 */
export type QueryObfuscation = RegExp | 'drop' | 'keep';

const REDACTED = '<redacted>';

/** Describes what is wrong with a `queryStringObfuscation` plugin option, or returns undefined. */
export function checkQueryObfuscationOption(value: unknown): string | undefined {
  if (typeof value === 'boolean' || value instanceof RegExp) return undefined;
  if (typeof value === 'string') {
    const compiled = compileQueryStringObfuscation(value);
    return compiled.ok ? undefined : compiled.reason;
  }
  return 'expected true (drop the query), false (keep it), a regular expression string or a RegExp';
}

/**
 * dd-trace-js's plugin semantics: `true` drops the query, `false` or `''` keeps it, a string or
 * RegExp redacts what it matches. `undefined` means "use the tracer configuration".
 */
export function resolveQueryObfuscation(
  option: boolean | string | RegExp | undefined,
  configured: RegExp | undefined,
): QueryObfuscation {
  if (option === undefined) return configured ?? 'keep';
  if (option === true) return 'drop';
  if (option === false) return 'keep';
  if (option instanceof RegExp) return globalCopy(option);
  const compiled = compileQueryStringObfuscation(option);
  return compiled.ok && compiled.value !== undefined ? compiled.value : 'keep';
}

/** Applies the setting to a raw query (without `?`); undefined means "leave no query at all". */
export function obfuscateQuery(query: string, setting: QueryObfuscation): string | undefined {
  if (setting === 'keep') return query;
  if (setting === 'drop') return undefined;
  setting.lastIndex = 0;
  return query.replace(setting, REDACTED);
}
