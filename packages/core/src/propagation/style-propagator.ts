import { trace as traceApi } from '../internal/otel-api.js';
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import type { PropagationStyle } from '../config/options.js';
import { logger } from '../internal/diag.js';
import { toRemoteSpanContext } from './extracted-context.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import { setExtractedSamplingPriority } from './extraction-results.js';
import { readOutgoingContext } from './outgoing-context.js';
import type { OutgoingTraceContext } from './outgoing-context.js';

/**
 * One propagation style (datadog, tracecontext, b3, b3multi). Usable alone as an OTel
 * `TextMapPropagator`; `createPropagator` calls the style-level methods directly to apply the
 * precedence and conflict rules across styles. Neither direction ever throws.
 */
export abstract class StylePropagator implements TextMapPropagator {
  abstract readonly style: PropagationStyle;

  /** The context these headers carry, or undefined when absent or malformed. May throw. */
  abstract extractTraceContext<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): ExtractedTraceContext | undefined;

  /** Writes this style's headers. May throw. */
  abstract injectTraceContext<Carrier>(outgoing: OutgoingTraceContext, carrier: Carrier, setter: TextMapSetter<Carrier>): void;

  abstract fields(): string[];

  /**
   * Headers at least one of which extraction needs to find anything (a context, or a
   * sampling-only decision); by default every field. A carrier with none of them is skipped.
   */
  extractionKeyFields(): string[] {
    return this.fields();
  }

  /** A sampling decision sent without ids (B3 only). May throw. */
  extractSamplingOnly<Carrier>(_carrier: Carrier, _getter: TextMapGetter<Carrier>): number | undefined {
    return undefined;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const outgoing = readOutgoingContext(context);
      if (outgoing !== undefined) this.injectTraceContext(outgoing, carrier, setter);
    } catch (error) {
      logger.debug(`${this.style} injection failed: ${String(error)}`);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const extracted = this.extractTraceContext(carrier, getter);
      if (extracted !== undefined) return traceApi.setSpanContext(context, toRemoteSpanContext(extracted));
      const priority = this.extractSamplingOnly(carrier, getter);
      if (priority !== undefined) return setExtractedSamplingPriority(context, priority);
    } catch (error) {
      logger.debug(`${this.style} extraction failed: ${String(error)}`);
    }
    return context;
  }
}
