import { logger } from '../internal/diag.js';

/**
 * One `ignore` entry: an exact path, a RegExp tested against the path, or a predicate that gets
 * the path (no query string) and the request.
 */
export type IgnoreRule<Req> = string | RegExp | ((path: string, req: Req) => boolean);

/** Compiled `ignore` option: true when the request must not be traced. */
export type IgnoreMatcher<Req> = (path: string, req: Req) => boolean;

/** Describes what is wrong with an `ignore` value, or returns undefined when it is fine. */
export function checkIgnoreOption(value: unknown): string | undefined {
  const entries = Array.isArray(value) ? value : [value];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry === 'string' || entry instanceof RegExp || typeof entry === 'function') continue;
    const where = Array.isArray(value) ? `entry ${index}: ` : '';
    return `${where}expected a path string, a RegExp or a function (path, req) => boolean`;
  }
  return undefined;
}

/** Builds one matcher from a checked `ignore` option; undefined when nothing is ignored. */
export function compileIgnoreRules<Req>(
  value: IgnoreRule<Req> | readonly IgnoreRule<Req>[] | undefined,
): IgnoreMatcher<Req> | undefined {
  if (value === undefined) return undefined;
  const entries: readonly IgnoreRule<Req>[] = Array.isArray(value) ? value : [value as IgnoreRule<Req>];
  const paths = new Set<string>();
  const patterns: RegExp[] = [];
  const predicates: Array<(path: string, req: Req) => boolean> = [];
  for (const entry of entries) {
    if (typeof entry === 'string') paths.add(entry);
    // A global or sticky RegExp keeps `lastIndex` between calls; a plain copy answers the same way every time.
    else if (entry instanceof RegExp) patterns.push(new RegExp(entry.source, entry.flags.replace(/[gy]/g, '')));
    else predicates.push(entry);
  }
  if (paths.size + patterns.length + predicates.length === 0) return undefined;
  return (path, req) => {
    if (paths.has(path)) return true;
    for (const pattern of patterns) if (pattern.test(path)) return true;
    for (const predicate of predicates) {
      try {
        if (predicate(path, req) === true) return true;
      } catch (error) {
        // A broken predicate must not break the request: trace it as usual.
        logger.error(`ignore predicate threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return false;
  };
}
