/** A compiled glob: true when the subject matches. */
export type GlobMatcher = (subject: string | undefined) => boolean;

const MATCH_ALL = /^\*+$/;
const REGEXP_SPECIALS = /[.+^${}()|[\]\\]/g;

/** True for `*`, `**`, … — patterns that match anything, even a missing subject. */
export function isMatchAllPattern(pattern: string): boolean {
  return MATCH_ALL.test(pattern);
}

/**
 * Datadog sampling-rule globs (spec §5.4): `*` any run of characters, `?` exactly one,
 * case-insensitive, whole-subject match. Compiled once per rule.
 */
export function compileGlob(pattern: string): GlobMatcher {
  if (isMatchAllPattern(pattern)) return () => true;
  const source = pattern.replace(REGEXP_SPECIALS, '\\$&').replace(/\*+/g, '.*').replace(/\?/g, '.');
  const regexp = new RegExp(`^${source}$`, 'is');
  return (subject) => subject !== undefined && regexp.test(subject);
}
