import { isHex16, traceIdHigh } from './ids.js';

/** What a `dd=` tracestate member says (spec §6.3), decoded. */
export interface DatadogMember {
  /** `s:` — only an integer. */
  readonly priority: number | undefined;
  /** `t.dm:` as a number (absolute value), when valid. */
  readonly mechanism: number | undefined;
  /** `o:`, with `~` turned back into `=`. */
  readonly origin: string | undefined;
  /** `p:` — the last Datadog span id upstream, 16 lower-hex chars. */
  readonly parentId: string | undefined;
  /** `t.<key>` as `_dd.p.<key>` (`~` → `=`), `t.tid` excluded: the trace id carries it. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Fields a `dd=` member is encoded from. */
export interface DatadogMemberSource {
  readonly priority: number | undefined;
  readonly origin: string | undefined;
  /** `p:`: our span id, or the upstream `_dd.parent_id` for a pass-through context. */
  readonly parentId: string | undefined;
  /** Trace tags; only `_dd.p.*` are encoded. */
  readonly tags: Readonly<Record<string, string>>;
  /** 32 lower-hex chars; a non-zero high half is written as `t.tid`. */
  readonly traceId: string;
}

const PROPAGATED_PREFIX = '_dd.p.';
const DECISION_MAKER_TAG = '_dd.p.dm';
const TID_TAG = '_dd.p.tid';
/** W3C: a list-member value is at most 256 characters. */
const MAX_MEMBER_VALUE_LENGTH = 256;
const INTEGER = /^-?\d{1,10}$/;
const DECISION_MAKER = /^-?\d{1,10}$/;

// Values: printable ASCII minus `,` `;` `~` (the separators and the `=` escape), then `=` → `~`.
const VALUE_UNSAFE = /[^\x20-\x2b\x2d-\x3a\x3c-\x7d]/g;
// Keys: printable ASCII minus space, `,`, `:`, `;`, `=` — anything that would break the member.
const KEY_UNSAFE = /[^\x21-\x2b\x2d-\x39\x3c\x3e-\x7e]/g;

function encodeValue(value: string): string {
  return value.replace(VALUE_UNSAFE, '_').replace(/=/g, '~');
}

/**
 * Encodes a `dd=` member value: `s`, `o`, `p`, `t.dm`, `t.tid`, then the other `t.*`. Entries
 * that would push the value past 256 characters are left out, so the member stays valid.
 * Returns `''` when there is nothing to say.
 */
export function encodeDatadogMember(source: DatadogMemberSource): string {
  const entries: string[] = [];
  if (source.priority !== undefined && Number.isInteger(source.priority)) entries.push(`s:${source.priority}`);
  if (source.origin) entries.push(`o:${encodeValue(source.origin)}`);
  if (source.parentId !== undefined && isHex16(source.parentId)) entries.push(`p:${source.parentId}`);
  const decisionMaker = source.tags[DECISION_MAKER_TAG];
  if (decisionMaker) entries.push(`t.dm:${encodeValue(decisionMaker)}`);
  const high = traceIdHigh(source.traceId);
  if (high !== undefined) entries.push(`t.tid:${high}`);
  for (const key in source.tags) {
    if (!key.startsWith(PROPAGATED_PREFIX) || key === DECISION_MAKER_TAG || key === TID_TAG) continue;
    const value = source.tags[key];
    if (!value) continue;
    entries.push(`t.${key.slice(PROPAGATED_PREFIX.length).replace(KEY_UNSAFE, '_')}:${encodeValue(value)}`);
  }

  let encoded = '';
  for (const entry of entries) {
    const next = encoded === '' ? entry : `${encoded};${entry}`;
    if (next.length <= MAX_MEMBER_VALUE_LENGTH) encoded = next;
  }
  // A W3C value cannot end with a space.
  return encoded.trimEnd();
}

/** Decodes a `dd=` member value; unknown or malformed entries are skipped. */
export function decodeDatadogMember(value: string): DatadogMember {
  let priority: number | undefined;
  let mechanism: number | undefined;
  let origin: string | undefined;
  let parentId: string | undefined;
  const tags: Record<string, string> = {};
  for (const entry of value.split(';')) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    const key = entry.slice(0, colon).trim();
    const raw = entry.slice(colon + 1);
    if (key === 's') {
      if (INTEGER.test(raw)) priority = Number(raw);
    } else if (key === 'o') {
      if (raw !== '') origin = raw.replace(/~/g, '=');
    } else if (key === 'p') {
      const lower = raw.toLowerCase();
      if (isHex16(lower)) parentId = lower;
    } else if (key === 't.dm') {
      if (DECISION_MAKER.test(raw)) {
        mechanism = Math.abs(Number(raw));
        tags[DECISION_MAKER_TAG] = `-${mechanism}`;
      }
    } else if (key.startsWith('t.') && key.length > 2 && key !== 't.tid' && raw !== '') {
      tags[PROPAGATED_PREFIX + key.slice(2)] = raw.replace(/~/g, '=');
    }
  }
  return { priority, mechanism, origin, parentId, tags };
}
