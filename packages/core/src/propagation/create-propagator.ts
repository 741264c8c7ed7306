import { defaultTextMapGetter, trace as traceApi } from '../internal/otel-api.js';
import type { Context, Link, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import type { PropagationStyle, ResolvedConfig } from '../config/options.js';
import { logger } from '../internal/diag.js';
import { markLinkFlags } from '../internal/link-without-flags.js';
import { B3MultiPropagator } from './b3-multi-propagator.js';
import { B3SinglePropagator } from './b3-single-propagator.js';
import { BaggagePropagator } from './baggage-propagator.js';
import { DatadogPropagator } from './datadog-propagator.js';
import { PARENT_ID_TAG, toRemoteSpanContext } from './extracted-context.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import { setExtractedLinks, setExtractedSamplingPriority } from './extraction-results.js';
import { ZERO_HEX16 } from './ids.js';
import { KeyHeaderCheck } from './key-header-check.js';
import { readOutgoingContext } from './outgoing-context.js';
import { restartTrace } from './restart-trace.js';
import type { StylePropagator } from './style-propagator.js';
import { TraceContextPropagator } from './tracecontext-propagator.js';

export type PropagatorConfig = Pick<
  ResolvedConfig,
  | 'propagationInject'
  | 'propagationExtract'
  | 'propagationExtractFirst'
  | 'xDatadogTagsMaxLength'
  | 'baggageMaxItems'
  | 'baggageMaxBytes'
> &
  /** Absent means `continue`. */
  Partial<Pick<ResolvedConfig, 'propagationBehaviorExtract'>>;

// Re-exported so the tracer finds everything extraction produces next to the propagator.
export { getExtractedLinks, getExtractedSamplingPriority } from './extraction-results.js';
export { addBaggageTags } from './baggage-tags.js';

/** The global propagator for `init()`: every configured style, with Datadog's precedence rules. */
export function createPropagator(config: PropagatorConfig): TextMapPropagator {
  return new DatadogCompositePropagator(config);
}

interface FoundContext {
  readonly extracted: ExtractedTraceContext;
  /** The style that extracted it. */
  readonly style: PropagationStyle;
  readonly links: Link[];
}

/**
 * Injects every inject style; extracts styles in order, the first valid context winning
 * (spec §6.1). Unless extract-first is on, later styles still count: a W3C parent of the same
 * trace takes over the span id (the previous parent becomes `_dd.parent_id`) and contributes
 * the other vendors' tracestate; a context of another trace becomes a span link. What happens to
 * the context found is `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`'s: joined (`continue`), linked from
 * a new trace (`restart`, see `restartTrace`), or never looked for (`ignore`).
 */
export class DatadogCompositePropagator implements TextMapPropagator {
  private readonly injectors: StylePropagator[];
  private readonly extractors: StylePropagator[];
  private readonly injectBaggage: BaggagePropagator | undefined;
  private readonly extractBaggage: BaggagePropagator | undefined;
  private readonly extractFirst: boolean;
  /** `ignore`: extraction reads nothing, trace headers and baggage alike. */
  private readonly ignoreIncoming: boolean;
  /** `restart`: a valid incoming context is linked from a new trace instead of joined. */
  private readonly restartIncoming: boolean;
  private readonly datadogHeaders: DatadogPropagator;
  private readonly allFields: string[];
  /** Headers one of which extraction needs (see `extractionKeyFields`): with none, nothing is extracted. */
  private readonly keyHeaders: KeyHeaderCheck;

  constructor(config: PropagatorConfig) {
    const byStyle = new Map<PropagationStyle, StylePropagator>([
      ['datadog', new DatadogPropagator(config)],
      ['tracecontext', new TraceContextPropagator()],
      ['b3', new B3SinglePropagator()],
      ['b3multi', new B3MultiPropagator()],
    ]);
    const pick = (styles: readonly PropagationStyle[]): StylePropagator[] =>
      styles.flatMap((style) => byStyle.get(style) ?? []);
    const baggage = new BaggagePropagator(config);
    this.injectors = pick(config.propagationInject);
    this.extractors = pick(config.propagationExtract);
    this.injectBaggage = config.propagationInject.includes('baggage') ? baggage : undefined;
    this.extractBaggage = config.propagationExtract.includes('baggage') ? baggage : undefined;
    this.extractFirst = config.propagationExtractFirst;
    this.ignoreIncoming = config.propagationBehaviorExtract === 'ignore';
    this.restartIncoming = config.propagationBehaviorExtract === 'restart';
    this.datadogHeaders = byStyle.get('datadog') as DatadogPropagator;
    const fields = new Set<string>();
    for (const propagator of [...this.injectors, ...this.extractors]) {
      for (const field of propagator.fields()) fields.add(field);
    }
    if (this.injectBaggage !== undefined || this.extractBaggage !== undefined) fields.add('baggage');
    this.allFields = [...fields];
    const keyFields = new Set(this.extractors.flatMap((extractor) => extractor.extractionKeyFields()));
    if (this.extractBaggage !== undefined) keyFields.add('baggage');
    this.keyHeaders = new KeyHeaderCheck([...keyFields]);
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const outgoing = this.injectors.length === 0 ? undefined : readOutgoingContext(context);
      if (outgoing !== undefined) {
        for (const injector of this.injectors) {
          try {
            injector.injectTraceContext(outgoing, carrier, setter);
          } catch (error) {
            logger.debug(`${injector.style} injection failed: ${String(error)}`);
          }
        }
      }
    } catch (error) {
      logger.debug(`injection failed: ${String(error)}`);
    }
    this.injectBaggage?.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    // `ignore`, as dd-trace-js: no trace context, no links, no baggage, as if no header had come.
    if (this.ignoreIncoming) return context;
    // Most requests carry no trace header. The API's default getter reads `carrier[name]`, so a
    // look-up per key header (three with the default styles) settles that, in place of every
    // style's extraction (a request span ran ~17 functions of it, see tools/bench/http/anatomy.mjs).
    if (getter === defaultTextMapGetter && this.keyHeaders.carriesNone(carrier)) return context;
    let result = context;
    try {
      const found = this.findContext(carrier, getter);
      if (found === undefined) {
        // A sampling-only decision is upstream's choice for its trace; a restarted one samples itself.
        const priority = this.restartIncoming ? undefined : this.findSamplingOnly(carrier, getter);
        if (priority !== undefined) result = setExtractedSamplingPriority(result, priority);
      } else if (this.restartIncoming) {
        result = restartTrace(result, found.extracted, found.style);
      } else {
        result = traceApi.setSpanContext(result, toRemoteSpanContext(found.extracted));
        result = setExtractedLinks(result, found.links);
        result = setExtractedSamplingPriority(result, undefined);
      }
    } catch (error) {
      logger.debug(`extraction failed: ${String(error)}`);
      result = context;
    }
    return this.extractBaggage === undefined ? result : this.extractBaggage.extract(result, carrier, getter);
  }

  fields(): string[] {
    return [...this.allFields];
  }

  private findContext(carrier: unknown, getter: TextMapGetter): FoundContext | undefined {
    let first: ExtractedTraceContext | undefined;
    let style: PropagationStyle = 'none';
    const links: Link[] = [];
    for (const extractor of this.extractors) {
      const extracted = safeExtract(extractor, carrier, getter);
      if (extracted === undefined) continue;
      if (first === undefined) {
        first = extracted;
        style = extractor.style;
        if (this.extractFirst) break;
        continue;
      }
      if (extractor.style === 'tracecontext' && extracted.traceId === first.traceId) {
        first = this.mergeW3C(first, extracted, carrier, getter);
      } else if (extracted.traceId !== first.traceId) {
        links.push({
          context: markLinkFlags(toRemoteSpanContext(extracted), extracted.priority),
          attributes: { reason: 'terminated_context', context_headers: extractor.style },
        });
      }
    }
    return first === undefined ? undefined : { extracted: first, style, links };
  }

  /**
   * Same trace in W3C headers: keep the other vendors' tracestate; when the W3C parent differs,
   * it wins and the Datadog parent is remembered as `_dd.parent_id` (W3C `p:` first).
   */
  private mergeW3C(
    first: ExtractedTraceContext,
    w3c: ExtractedTraceContext,
    carrier: unknown,
    getter: TextMapGetter,
  ): ExtractedTraceContext {
    if (w3c.spanId === first.spanId) return { ...first, traceState: w3c.traceState };
    const tags = { ...first.tags };
    const w3cParent = w3c.tags[PARENT_ID_TAG];
    if (w3cParent !== undefined && w3cParent !== ZERO_HEX16) {
      tags[PARENT_ID_TAG] = w3cParent;
    } else {
      const datadog = safeExtract(this.datadogHeaders, carrier, getter);
      if (datadog !== undefined) tags[PARENT_ID_TAG] = datadog.spanId;
    }
    return { ...first, spanId: w3c.spanId, tags, traceState: w3c.traceState };
  }

  private findSamplingOnly(carrier: unknown, getter: TextMapGetter): number | undefined {
    for (const extractor of this.extractors) {
      try {
        const priority = extractor.extractSamplingOnly(carrier, getter);
        if (priority !== undefined) return priority;
      } catch (error) {
        logger.debug(`${extractor.style} extraction failed: ${String(error)}`);
      }
    }
    return undefined;
  }
}

function safeExtract(
  extractor: StylePropagator,
  carrier: unknown,
  getter: TextMapGetter,
): ExtractedTraceContext | undefined {
  try {
    return extractor.extractTraceContext(carrier, getter);
  } catch (error) {
    logger.debug(`${extractor.style} extraction failed: ${String(error)}`);
    return undefined;
  }
}
