import { diag, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import type { ReadableSpanLike, SpanProcessor } from '@dd-otel/core';
import { mapChildSpan } from './child-span.js';
import { isDefaultServerErrorStatus } from './mapping-settings.js';
import type { MappingSettings } from './mapping-settings.js';
import { checkOperationName, checkProcessorOptions } from './options.js';
import type { NextSpanProcessorOptions } from './options.js';
import { mapRequestSpan } from './request-span.js';
import { nextTracingState } from './shared-state.js';
import type { NextTracingState } from './shared-state.js';
import { asWritableSpan, nextSpanType, REQUEST_SPAN_TYPE, stringAttribute } from './span-view.js';
import type { WritableSpanView } from './span-view.js';

/**
 * An OTel span processor that gives Next.js's own spans Datadog's names. Mapping happens in
 * `onEnding` (OTel SDK 2.x; dd-otel calls it too), while the span is still writable and after
 * Next set its final route and status. `onStart` remembers which request every span belongs
 * to, so `onRequestError` can find the request span from whatever span is active.
 */
export class NextSpanProcessor implements SpanProcessor {
  constructor(
    private readonly settings: MappingSettings,
    private readonly state: NextTracingState = nextTracingState(),
  ) {}

  onStart(span: Span, parentContext: Context): void {
    try {
      const view = asWritableSpan(span);
      if (view === undefined) return;
      const requestSpans = this.state.requestSpans;
      if (nextSpanType(view) === REQUEST_SPAN_TYPE) {
        requestSpans.set(span, span);
        this.tagClientIp(span);
        return;
      }
      const parent = trace.getSpan(parentContext);
      const owner = parent === undefined ? undefined : requestSpans.get(parent);
      if (owner !== undefined) requestSpans.set(span, owner);
    } catch (error) {
      reportError('onStart', error);
    }
  }

  onEnding(span: Span): void {
    try {
      const view = asWritableSpan(span);
      if (view === undefined) return;
      const spanType = nextSpanType(view);
      if (spanType === undefined) return;
      const state = this.state;
      if (spanType === REQUEST_SPAN_TYPE) {
        mapRequestSpan(view, this.settings, {
          recorded: state.recordedErrors.get(span),
          errorRoutePath: state.errorRoutePaths.get(span),
          pageRoute: state.pageRoutes.get(span),
        });
        return;
      }
      this.rememberPageRoute(span, view);
      mapChildSpan(view, spanType, this.settings);
    } catch (error) {
      reportError('onEnding', error);
    }
  }

  /**
   * At the start, while the code running is the request's: the client IP is read from the
   * request Node is handling now (see incoming-request.ts), which is only known in this context.
   */
  private tagClientIp(span: Span): void {
    const clientIpOf = this.settings.clientIpOfCurrentRequest;
    if (clientIpOf === undefined) return;
    const clientIp = clientIpOf();
    if (clientIp !== undefined) span.setAttributes({ 'http.client_ip': clientIp, 'client.address': clientIp });
  }

  private rememberPageRoute(span: Span, view: WritableSpanView): void {
    const route = stringAttribute(view.attributes, 'next.route');
    if (route === undefined) return;
    const owner = this.state.requestSpans.get(span);
    if (owner !== undefined && !this.state.pageRoutes.has(owner)) this.state.pageRoutes.set(owner, route);
  }

  onEnd(_span: ReadableSpanLike): void {
    // Nothing to do: the span was mapped in onEnding, and finished spans are read-only.
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The Next.js span processor for apps that register their own OTel SDK (2.x, which calls
 * `onEnding`) instead of dd-otel's provider: pass it in the SDK's `spanProcessors`.
 *
 * @throws TypeError naming the option that is invalid.
 * @example
 * new NodeTracerProvider({ spanProcessors: [createNextSpanProcessor(), new BatchSpanProcessor(exporter)] });
 */
export function createNextSpanProcessor(options?: NextSpanProcessorOptions): NextSpanProcessor {
  const checked = checkProcessorOptions(options);
  const pattern = checked.queryStringObfuscation;
  return new NextSpanProcessor({
    operationName: checkOperationName(checked.operationName),
    queryObfuscation:
      pattern === undefined ? 'drop' : pattern === false ? undefined : new RegExp(pattern.source, withGlobal(pattern.flags)),
    isServerErrorStatus: checked.isServerErrorStatus ?? isDefaultServerErrorStatus,
  });
}

function withGlobal(flags: string): string {
  return flags.includes('g') ? flags : `${flags}g`;
}

function reportError(where: string, error: unknown): void {
  diag.error(`@dd-otel/next: internal error in ${where}: ${error instanceof Error ? error.message : String(error)}`);
}
