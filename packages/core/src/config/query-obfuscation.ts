import { parsed, rejected } from './parse.js';
import type { Parsed } from './parse.js';

/**
 * dd-trace-js's default `DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP` (packages/dd-trace/src/config):
 * passwords, secrets, API keys, tokens, signatures, bearer tokens, GitHub tokens, JWTs and private
 * keys. Compiled with the `gi` flags, matches are replaced by `<redacted>`.
 */
export const DEFAULT_QUERY_STRING_OBFUSCATION = String.raw`(?:p(?:ass)?w(?:or)?d|pass(?:_?phrase)?|secret|(?:api_?|private_?|public_?|access_?|secret_?)key(?:_?id)?|token|consumer_?(?:id|key|secret)|sign(?:ed|ature)?|auth(?:entication|orization)?)(?:(?:\s|%20)*(?:=|%3D)[^&]+|(?:"|%22)(?:\s|%20)*(?::|%3A)(?:\s|%20)*(?:"|%22)(?:%2[^2]|%[^2]|[^"%])+(?:"|%22))|bearer(?:\s|%20)+[a-z0-9\._\-]+|token(?::|%3A)[a-z0-9]{13}|gh[opsu]_[0-9a-zA-Z]{36}|ey[I-L](?:[\w=-]|%3D)+\.ey[I-L](?:[\w=-]|%3D)+(?:\.(?:[\w.+\/=-]|%3D|%2F|%2B)+)?|[\-]{5}BEGIN(?:[a-z\s]|%20)+PRIVATE(?:\s|%20)KEY[\-]{5}[^\-]+[\-]{5}END(?:[a-z\s]|%20)+PRIVATE(?:\s|%20)KEY|ssh-rsa(?:\s|%20)*(?:[a-z0-9\/\.+]|%2F|%5C|%2B){100,}`;

/**
 * Compiles a query-string obfuscation pattern with the `gi` flags. The empty string turns
 * obfuscation off (`undefined`), as dd-trace-js documents.
 */
export function compileQueryStringObfuscation(source: string): Parsed<RegExp | undefined> {
  if (source === '') return parsed(undefined);
  try {
    return parsed(new RegExp(source, 'gi'));
  } catch (error) {
    return rejected(`not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * A RegExp given by the app is used as-is except that it is made global, because callers replace
 * every match; the app's own object is never mutated (`lastIndex` is shared state).
 */
export function globalCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
}
