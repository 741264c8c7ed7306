import type { ExpressLayer, MatcherResult, PureLayerMatch, RoutePath } from './express-types.js';

/** What a layer matched at the start of a path, and the template of what it matched. */
export interface LayerMatch {
  /** Characters of the path the layer consumed (as Express strips them into `req.baseUrl`). */
  consumed: number;
  /** The pattern it matched with, e.g. `/users/:id` or `(/^\/v\d+/)`. */
  template: string;
}

/** How a pattern reads in a resource: strings as written, RegExps in parentheses (dd-trace-js). */
export function patternTemplate(pattern: RoutePath): string {
  if (typeof pattern === 'string') return pattern;
  if (pattern instanceof RegExp) return `(${String(pattern)})`;
  return pattern.map(patternTemplate).join(',');
}

function consumedLength(matched: string): number {
  // Express puts the matched path into req.baseUrl without its trailing slash.
  return matched.endsWith('/') ? matched.length - 1 : matched.length;
}

/**
 * Rebuilds the pattern from what it matched, for versions that keep no pattern on the layer:
 * each parameter value is replaced, left to right, by `:name` (`*name` for wildcard arrays,
 * `*` for unnamed groups).
 */
export function templateFromValues(matched: string, values: ReadonlyArray<[name: string | number, value: unknown]>): string {
  let template = '';
  let cursor = 0;
  for (const [name, value] of values) {
    if (value === undefined || value === '') continue;
    const wildcard = Array.isArray(value);
    const text = wildcard ? value.join('/') : String(value);
    let at = matched.indexOf(text, cursor);
    let length = text.length;
    if (at === -1) {
      // router 2.x decodes parameters; the matched path is still encoded.
      const encoded = wildcard ? value.map((part) => encodeURIComponent(String(part))).join('/') : encodeURIComponent(text);
      at = matched.indexOf(encoded, cursor);
      length = encoded.length;
    }
    if (at === -1) continue;
    const placeholder = typeof name === 'number' ? '*' : wildcard ? `*${name}` : `:${name}`;
    template += matched.slice(cursor, at) + placeholder;
    cursor = at + length;
  }
  return template + matched.slice(cursor);
}

/** Express 4 compiles string paths into `^…(?=\/|$)` (use) or `^…\/?$` (route); anything else was a RegExp. */
function isCompiledFromString(regexp: RegExp, ending: boolean): boolean {
  const source = regexp.source;
  if (!source.startsWith('^')) return false;
  return ending ? source.endsWith('$') && !source.endsWith('(?=\\/|$)') : source.endsWith('(?=\\/|$)');
}

function matchExpress4(layer: ExpressLayer, regexp: NonNullable<ExpressLayer['regexp']>, path: string, ending: boolean): LayerMatch | undefined {
  if (regexp.fast_slash) return { consumed: 0, template: '' };
  if (regexp.fast_star) return { consumed: path.length, template: '*' };
  const found = regexp.exec(path);
  if (found === null || found.index !== 0) return undefined;
  const matched = found[0];
  if (!isCompiledFromString(regexp, ending)) return { consumed: consumedLength(matched), template: patternTemplate(regexp) };
  const keys = layer.keys ?? [];
  const values: Array<[string | number, unknown]> = keys.map((key, index) => [key.name, found[index + 1]]);
  return { consumed: consumedLength(matched), template: templateFromValues(matched, values) };
}

function matchPure(layer: ExpressLayer, path: string): LayerMatch | undefined {
  const found = layer.match!(path) as PureLayerMatch | false;
  if (!found) return undefined;
  return { consumed: consumedLength(found.path), template: found.path === '' && found.pattern === '/' ? '' : patternTemplate(found.pattern) };
}

function matchWithMatchers(layer: ExpressLayer, path: string): LayerMatch | undefined {
  if (layer.slash) return { consumed: 0, template: '' };
  for (const matcher of layer.matchers ?? []) {
    const found: MatcherResult | false = matcher(path);
    if (!found) continue;
    return { consumed: consumedLength(found.path), template: templateFromValues(found.path, Object.entries(found.params)) };
  }
  return undefined;
}

/**
 * Matches one layer against the start of `path` without changing the layer (Express 4 and
 * router < 2.3 store match results on the shared layer object; their `match()` is not called).
 * `ending` is true for route layers (the whole path must match).
 */
export function matchLayer(layer: ExpressLayer, path: string, ending: boolean): LayerMatch | undefined {
  try {
    if (layer.rawPath !== undefined && typeof layer.match === 'function') return matchPure(layer, path);
    if (layer.regexp instanceof RegExp) return matchExpress4(layer, layer.regexp, path, ending);
    if (Array.isArray(layer.matchers)) return matchWithMatchers(layer, path);
  } catch {
    // A decoding error in a matcher: this layer is simply not the one.
  }
  return undefined;
}
