/**
 * Facts about how values were written on the wire that a decoded JS value no longer shows:
 * msgpackr (and JSON.parse) turn a float64 `2.0` into the number 2, and replace invalid UTF-8
 * with U+FFFD. The Agent rejects floats where it expects integers, so validation needs both.
 */

/** A step into a decoded value: an array index or a map key (string or integer keys). */
export type PathSegment = string | number;

export interface WireFacts {
  /** `pathKey`s of values that were encoded as floats (float32/float64, or a JSON `1.0`/`1e3`). */
  readonly floatPaths: ReadonlySet<string>;
  /** Paths of strings whose bytes are not valid UTF-8 (a map key's path ends with `{key}` marker). */
  readonly invalidStrings: ReadonlyArray<readonly PathSegment[]>;
}

/** A decoded payload and the wire facts about it. */
export interface DecodedPayload {
  value: unknown;
  facts: WireFacts;
}

const SEPARATOR = '\u001f';

export function pathKey(path: readonly PathSegment[]): string {
  return path.join(SEPARATOR);
}

/** Marks a map key (rather than the value under it) in `invalidStrings` paths. */
export const KEY_MARKER = '{key}';

export class WireFactsBuilder implements WireFacts {
  readonly floatPaths = new Set<string>();
  readonly invalidStrings: PathSegment[][] = [];

  addFloat(path: readonly PathSegment[]): void {
    this.floatPaths.add(pathKey(path));
  }

  addInvalidString(path: readonly PathSegment[]): void {
    this.invalidStrings.push([...path]);
  }
}

/** Renders a path for humans: `[0][1].meta.http.url`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
