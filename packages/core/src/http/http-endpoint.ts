/**
 * `http.endpoint`: the path of a request no route matched (a 404, an unmatched path), reduced to
 * a template of few values (`/users/{param:int}`), so the Datadog backend can group such requests
 * without one entry per id. The rules are dd-trace-js's (`calculateHttpEndpoint` in
 * `packages/dd-trace/src/plugins/util/url.js`): the same request must give the same endpoint
 * whichever tracer served it. Each rule is written out below because the edge cases (which
 * segments count as ids, where the path starts) are the contract.
 */

/** dd-trace-js keeps the first 8 non-empty segments: deeper levels rarely name a new endpoint. */
export const MAX_ENDPOINT_SEGMENTS = 8;

const INT = '{param:int}';
const INT_ID = '{param:int_id}';
const HEX = '{param:hex}';
const HEX_ID = '{param:hex_id}';
const STR = '{param:str}';

const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
const ZERO = 0x30;

/** What dd-trace-js's patterns leave out of `.`: a value holding one of these is treated specially. */
function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** `%&'()*+,:=@`: characters of encoded text, query-like or e-mail-like values rather than names. */
function isStringParamMark(code: number): boolean {
  switch (code) {
    case 0x25: // %
    case 0x26: // &
    case 0x27: // '
    case 0x28: // (
    case 0x29: // )
    case 0x2a: // *
    case 0x2b: // +
    case 0x2c: // ,
    case 0x3a: // :
    case 0x3d: // =
    case 0x40: // @
      return true;
    default:
      return false;
  }
}

/**
 * Where the path of an absolute URL (`http://host:3000/a?b`) starts: after a lower-case scheme,
 * `://` and a non-empty authority. -1 when the URL has no such prefix followed by a `/`.
 */
function pathStartAfterAuthority(url: string): number {
  let index = 0;
  while (index < url.length) {
    const code = url.charCodeAt(index);
    if (code < 0x61 || code > 0x7a) break;
    index++;
  }
  if (index === 0 || !url.startsWith('://', index)) return -1;
  index += 3;
  const authorityStart = index;
  while (index < url.length) {
    const code = url.charCodeAt(index);
    if (code === SLASH || code === QUESTION_MARK) break;
    index++;
  }
  return index > authorityStart && url.charCodeAt(index) === SLASH ? index : -1;
}

/**
 * The path of `url` (a path, or `scheme://authority/path`), without its query; undefined when
 * it has none. As in dd-trace-js, a query holding a line terminator makes the whole URL
 * unreadable (undefined), while the path itself may hold any character.
 */
export function pathOfUrl(url: string): string | undefined {
  const start = url.charCodeAt(0) === SLASH ? 0 : pathStartAfterAuthority(url);
  if (start === -1) return undefined;
  const queryAt = url.indexOf('?', start);
  if (queryAt === -1) return url.slice(start);
  for (let index = queryAt + 1; index < url.length; index++) {
    if (isLineTerminator(url.charCodeAt(index))) return undefined;
  }
  return url.slice(start, queryAt);
}

/**
 * `{param:str}` when the segment starts with 20 characters none of which ends a line, or holds a
 * mark (`isStringParamMark`) with no line terminator after it.
 */
function isStringParam(segment: string): boolean {
  let longRun = segment.length >= 20;
  let markAfterLastBreak = false;
  for (let index = 0; index < segment.length; index++) {
    const code = segment.charCodeAt(index);
    if (isLineTerminator(code)) {
      if (index < 20) longRun = false;
      markAfterLastBreak = false;
    } else if (isStringParamMark(code)) {
      markAfterLastBreak = true;
    }
  }
  return longRun || markAfterLastBreak;
}

/**
 * One segment, or the placeholder of the first rule it meets, in dd-trace-js's order:
 * - `{param:int}`: digits only, at least 2, not starting with 0 (`42`; `7` and `01` stay);
 * - `{param:int_id}`: at least 3 of digits and `.` `_` `-`, one a digit (`2024-01-31`, `007`);
 * - `{param:hex}`: at least 6 hex digits, one a decimal digit (`a1b2c3`; `facade` stays);
 * - `{param:hex_id}`: at least 6 of hex digits and `.` `_` `-`, one a decimal digit (a UUID);
 * - `{param:str}`: 20 characters or more, or a mark (`isStringParam`).
 * Counted in one pass, as every segment of a route-less request goes through here.
 */
export function normalizeEndpointSegment(segment: string): string {
  const length = segment.length;
  let digits = 0;
  let hexLetters = 0;
  let delimiters = 0;
  let others = 0;
  for (let index = 0; index < length; index++) {
    const code = segment.charCodeAt(index);
    if (code >= ZERO && code <= 0x39) digits++;
    else if ((code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46)) hexLetters++;
    else if (code === 0x2d || code === 0x2e || code === 0x5f) delimiters++;
    else others++;
  }
  if (others === 0 && digits > 0) {
    if (hexLetters === 0) {
      if (delimiters === 0 && length >= 2 && segment.charCodeAt(0) !== ZERO) return INT;
      if (length >= 3) return INT_ID;
    }
    // A hex-only segment is shorter than 3 here only if it is shorter than 6 too.
    if (length >= 6) return delimiters === 0 ? HEX : HEX_ID;
  }
  return isStringParam(segment) ? STR : segment;
}

/**
 * The `http.endpoint` of a request URL (`http.url`, or just its path): `/` for an empty URL or
 * one without a path; else the first `MAX_ENDPOINT_SEGMENTS` non-empty segments, normalised,
 * joined by `/` (so `//a/b/` gives `/a/b`: empty segments and the trailing slash go). The path
 * is taken as sent: percent-encoded text is not decoded (its `%` makes it `{param:str}`).
 */
export function httpEndpoint(url: string): string {
  const path = url === '' ? undefined : pathOfUrl(url);
  if (path === undefined) return '/';
  let endpoint = '';
  let kept = 0;
  let start = 0;
  // Walked by hand rather than split: a path of thousands of slashes costs 8 segments, not an array of thousands.
  while (start <= path.length && kept < MAX_ENDPOINT_SEGMENTS) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    if (end > start) {
      endpoint += '/' + normalizeEndpointSegment(path.slice(start, end));
      kept++;
    }
    start = end + 1;
  }
  return endpoint === '' ? '/' : endpoint;
}
