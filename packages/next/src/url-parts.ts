/** How query strings are treated before they reach a span. */
export type QueryObfuscation =
  /** Replace every match of this (global) pattern with `<redacted>`. */
  | RegExp
  /** Keep queries as they are. */
  | undefined
  /** Drop the whole query: used when no Datadog configuration says otherwise. */
  | 'drop';

export const REDACTED = '<redacted>';

export interface TargetParts {
  /** Path without query or fragment, e.g. `/blog/hello`. */
  path: string;
  /** Query without the `?`, already obfuscated; undefined when there is none (or it was dropped). */
  query: string | undefined;
}

/**
 * Splits a request target (`/blog/hello?token=x#frag`) into path and obfuscated query. Absolute
 * URLs (proxies send them) are reduced to their path too. Never throws.
 */
export function splitTarget(target: string, obfuscation: QueryObfuscation): TargetParts {
  let rest = target;
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const schemeEnd = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i.exec(rest);
  if (schemeEnd) rest = rest.slice(schemeEnd[0].length);
  const mark = rest.indexOf('?');
  const path = (mark === -1 ? rest : rest.slice(0, mark)) || '/';
  const rawQuery = mark === -1 ? '' : rest.slice(mark + 1);
  return { path, query: obfuscateQuery(rawQuery, obfuscation) };
}

/** Applies the obfuscation to a query string (without `?`); undefined when nothing is left. */
export function obfuscateQuery(query: string, obfuscation: QueryObfuscation): string | undefined {
  if (query === '' || obfuscation === 'drop') return undefined;
  if (obfuscation === undefined) return query;
  return query.replace(obfuscation, REDACTED);
}

/**
 * An absolute URL with its query obfuscated and its credentials removed, for `http.url` of
 * outgoing requests. Unparseable values are returned without their query.
 */
export function sanitizeUrl(url: string, obfuscation: QueryObfuscation): string {
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const mark = withoutHash.indexOf('?');
  const base = stripCredentials(mark === -1 ? withoutHash : withoutHash.slice(0, mark));
  if (mark === -1) return base;
  const query = obfuscateQuery(withoutHash.slice(mark + 1), obfuscation);
  return query === undefined ? base : `${base}?${query}`;
}

function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
