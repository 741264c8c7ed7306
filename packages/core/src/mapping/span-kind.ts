import { SpanKind } from '../internal/otel-api.js';

/** Meta `span.kind` values, indexed by `SpanKind` (dd-trace-js `ext/kinds`). */
const SPAN_KIND_NAMES: readonly string[] = Object.freeze([
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
]);

/**
 * `pdata` `SpanKind.String()` spellings, which the Agent's V2 naming uses verbatim as the
 * operation name of spans that match no other rule.
 */
const PDATA_SPAN_KIND_NAMES: readonly string[] = Object.freeze([
  'Internal',
  'Server',
  'Client',
  'Producer',
  'Consumer',
]);

/** Lower-case kind name; anything unknown counts as `internal` (the OTel default kind). */
export function spanKindName(kind: SpanKind): string {
  return SPAN_KIND_NAMES[kind] ?? 'internal';
}

export function pdataSpanKindName(kind: SpanKind): string {
  return PDATA_SPAN_KIND_NAMES[kind] ?? 'Internal';
}

/** True for a valid non-internal kind: such spans are `_dd.measured` (dd-trace-js parity). */
export function isMeasuredKind(kind: SpanKind): boolean {
  return kind === SpanKind.SERVER || kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER ||
    kind === SpanKind.CONSUMER;
}
