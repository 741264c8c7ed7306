/**
 * Port of the Datadog Agent's `NormalizeTagValue` (pkg/trace/traceutil/normalize), which the
 * Agent's OTLP "V2" naming applies to attribute values such as `operation.name` or `db.system`:
 * lower-cases, keeps letters, digits, `:`, `.`, `/`, `-`, replaces every other run of
 * characters by one `_`, drops a trailing `_`, and stops after 200 characters.
 * Only used in `naming: 'otel-v2'` mode, and typical values take the ASCII fast path.
 */

const MAX_TAG_CHARS = 200;
const MAX_SCAN_BYTES = 2 * MAX_TAG_CHARS;

// Built on first use: Unicode property classes cost a fraction of a millisecond to construct,
// and only non-ASCII values in `otel-v2` naming need them.
let letterOrDigit: RegExp | undefined;

function isValidAsciiTagChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 48 && code <= 57) || // 0-9
    code === 58 || // :
    code === 46 || // .
    code === 47 || // /
    code === 45 // -
  );
}

/** The Agent's fast path: already-normalised ASCII values are returned untouched. */
function isNormalizedAscii(value: string): boolean {
  if (value.length > MAX_TAG_CHARS) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isValidAsciiTagChar(code)) continue;
    if (code !== 95) return false; // only `_` may appear besides valid chars…
    i++; // …and only when followed by a valid non-underscore char
    if (i === value.length || !isValidAsciiTagChar(value.charCodeAt(i))) return false;
  }
  return true;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Lower-cases one code point the way Go's `unicode.ToLower` does when the width is unchanged. */
function lowerCodePoint(char: string, codePoint: number): string {
  if (codePoint >= 65 && codePoint <= 90) return String.fromCharCode(codePoint + 32);
  if (codePoint < 0x80) return char;
  const lower = char.toLowerCase();
  if (lower === char) return char;
  const lowerCode = lower.codePointAt(0) as number;
  const singleCodePoint = lower.length === (lowerCode > 0xffff ? 2 : 1);
  return singleCodePoint && utf8Length(lowerCode) === utf8Length(codePoint) ? lower : char;
}

function isLegalChar(char: string, codePoint: number): boolean {
  if (codePoint < 0x80) return isValidAsciiTagChar(codePoint);
  // Lone surrogates become U+FFFD on the wire, which is neither letter nor digit.
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  letterOrDigit ??= new RegExp('[\\p{L}\\p{Nd}]', 'u');
  return letterOrDigit.test(char);
}

export function normalizeTagValue(value: string): string {
  if (isNormalizedAscii(value)) return value;
  let out = '';
  let chars = 0;
  let bytes = 0;
  let inIllegalRun = false;
  for (const char of value) {
    const codePoint = char.codePointAt(0) as number;
    const lowered = lowerCodePoint(char, codePoint);
    if (isLegalChar(lowered, lowered.codePointAt(0) as number)) {
      out += lowered;
      inIllegalRun = false;
    } else if (!inIllegalRun) {
      out += '_';
      inIllegalRun = true;
    }
    chars++;
    bytes += utf8Length(codePoint);
    if (bytes >= MAX_SCAN_BYTES || chars >= MAX_TAG_CHARS) break;
  }
  // A run of illegal characters at the end is dropped, not replaced.
  return inIllegalRun ? out.slice(0, -1) : out;
}
