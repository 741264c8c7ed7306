import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';
import { decodeDatadogTags, encodeDatadogTags } from './datadog-tags.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import { PROPAGATION_ERROR_TAG } from './extracted-context.js';
import { isValidHeaderValue, readHeader } from './header-access.js';
import { ZERO_HEX16, decimalToHex16, hex16ToDecimal } from './ids.js';
import type { OutgoingTraceContext } from './outgoing-context.js';
import { StylePropagator } from './style-propagator.js';

export const DATADOG_TRACE_ID_HEADER = 'x-datadog-trace-id';
export const DATADOG_PARENT_ID_HEADER = 'x-datadog-parent-id';
export const DATADOG_SAMPLING_PRIORITY_HEADER = 'x-datadog-sampling-priority';
export const DATADOG_ORIGIN_HEADER = 'x-datadog-origin';
export const DATADOG_TAGS_HEADER = 'x-datadog-tags';

const INTEGER = /^-?\d{1,10}$/;

export type DatadogPropagatorConfig = Pick<ResolvedConfig, 'xDatadogTagsMaxLength'>;

/**
 * Datadog headers (spec §6.2): decimal 64-bit ids, the high half of 128-bit trace ids in
 * `_dd.p.tid` inside `x-datadog-tags`, priority and origin as is.
 */
export class DatadogPropagator extends StylePropagator {
  readonly style = 'datadog' as const;
  private readonly tagsMaxLength: number;

  constructor(config: DatadogPropagatorConfig) {
    super();
    this.tagsMaxLength = config.xDatadogTagsMaxLength;
  }

  extractTraceContext<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): ExtractedTraceContext | undefined {
    const traceIdLow = decimalToHex16(readHeader(carrier, getter, DATADOG_TRACE_ID_HEADER));
    const spanId = decimalToHex16(readHeader(carrier, getter, DATADOG_PARENT_ID_HEADER));
    // A zero parent id cannot be an OTel parent (the SpanContext would be invalid): fresh trace.
    if (traceIdLow === undefined || traceIdLow === ZERO_HEX16) return undefined;
    if (spanId === undefined || spanId === ZERO_HEX16) return undefined;
    const priorityHeader = readHeader(carrier, getter, DATADOG_SAMPLING_PRIORITY_HEADER)?.trim();
    const origin = readHeader(carrier, getter, DATADOG_ORIGIN_HEADER);
    const decoded = decodeDatadogTags(readHeader(carrier, getter, DATADOG_TAGS_HEADER), this.tagsMaxLength);
    return {
      traceId: (decoded.traceIdHigh ?? ZERO_HEX16) + traceIdLow,
      spanId,
      priority: priorityHeader !== undefined && INTEGER.test(priorityHeader) ? Number(priorityHeader) : undefined,
      origin: origin === '' ? undefined : origin,
      tags: decoded.tags,
      traceState: undefined,
      propagationError: decoded.error,
    };
  }

  injectTraceContext<Carrier>(outgoing: OutgoingTraceContext, carrier: Carrier, setter: TextMapSetter<Carrier>): void {
    setter.set(carrier, DATADOG_TRACE_ID_HEADER, hex16ToDecimal(outgoing.traceId.slice(16)));
    setter.set(carrier, DATADOG_PARENT_ID_HEADER, hex16ToDecimal(outgoing.spanId));
    if (outgoing.priority !== undefined) setter.set(carrier, DATADOG_SAMPLING_PRIORITY_HEADER, String(outgoing.priority));
    if (outgoing.origin && isValidHeaderValue(outgoing.origin)) {
      setter.set(carrier, DATADOG_ORIGIN_HEADER, outgoing.origin);
    }
    const encoded = encodeDatadogTags(outgoing.tags, outgoing.traceId, this.tagsMaxLength);
    if (encoded.header !== undefined) setter.set(carrier, DATADOG_TAGS_HEADER, encoded.header);
    if (encoded.error !== undefined && outgoing.trace !== undefined) {
      outgoing.trace.tags[PROPAGATION_ERROR_TAG] = encoded.error;
    }
  }

  /** Without a trace id there is no context, and Datadog headers carry no sampling-only decision. */
  override extractionKeyFields(): string[] {
    return [DATADOG_TRACE_ID_HEADER];
  }

  fields(): string[] {
    return [
      DATADOG_TRACE_ID_HEADER,
      DATADOG_PARENT_ID_HEADER,
      DATADOG_SAMPLING_PRIORITY_HEADER,
      DATADOG_ORIGIN_HEADER,
      DATADOG_TAGS_HEADER,
    ];
  }
}
