import type { HeaderTag } from './options.js';
import { parsed, parseList, quoteForMessage, rejected } from './parse.js';
import type { Parsed } from './parse.js';

/** RFC 9110 field-name characters (`token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * Reads one `header[:tag]` entry: the header name is lower-cased, the tag is everything after the
 * first colon (trimmed); without a tag, plugins use their `http.request.headers.<header>` default.
 */
export function parseHeaderTag(entry: string): Parsed<HeaderTag> {
  const at = entry.indexOf(':');
  const header = (at === -1 ? entry : entry.slice(0, at)).trim().toLowerCase();
  const tag = at === -1 ? '' : entry.slice(at + 1).trim();
  return checkHeaderTag(header, tag === '' ? undefined : tag);
}

/** Checks an option entry: a `header[:tag]` string or a `{ header, tag? }` object. */
export function normalizeHeaderTag(entry: unknown): Parsed<HeaderTag> {
  if (typeof entry === 'string') return parseHeaderTag(entry);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return rejected(`${quoteForMessage(entry)} is neither a string nor { header, tag? }`);
  }
  const { header, tag, ...rest } = entry as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return rejected(`unknown key ${quoteForMessage(extra)}`);
  if (typeof header !== 'string') return rejected('header must be a string');
  if (tag !== undefined && typeof tag !== 'string') return rejected('tag must be a string');
  const trimmedTag = tag?.trim();
  return checkHeaderTag(header.trim().toLowerCase(), trimmedTag === '' ? undefined : trimmedTag);
}

function checkHeaderTag(header: string, tag: string | undefined): Parsed<HeaderTag> {
  const name = checkHeaderName(header);
  return name.ok ? parsed(Object.freeze(tag === undefined ? { header } : { header, tag })) : name;
}

/**
 * A header name as requests carry it: trimmed and lower-cased, since Node lower-cases the names
 * of incoming headers (`DD_TRACE_CLIENT_IP_HEADER=X-Real-IP` reads `req.headers['x-real-ip']`).
 */
export function parseHeaderName(raw: string): Parsed<string> {
  return checkHeaderName(raw.trim().toLowerCase());
}

function checkHeaderName(header: string): Parsed<string> {
  return HEADER_NAME.test(header) ? parsed(header) : rejected(`${quoteForMessage(header)} is not a valid header name`);
}

/** `DD_TRACE_HEADER_TAGS`: comma-separated entries; one bad entry rejects the whole list. */
export function parseHeaderTagList(raw: string): Parsed<HeaderTag[]> {
  return normalizeHeaderTags(parseList(raw));
}

export function normalizeHeaderTags(entries: readonly unknown[]): Parsed<HeaderTag[]> {
  const tags: HeaderTag[] = [];
  for (const entry of entries) {
    const tag = normalizeHeaderTag(entry);
    if (!tag.ok) return tag;
    tags.push(tag.value);
  }
  return parsed(tags);
}
