import { ROOT_CONTEXT, createContextKey, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';

/**
 * A context plus one entry. `@opentelemetry/api`'s own contexts copy their whole Map and create
 * three closures for every `setValue`; starting a request span needs two entries (the span and
 * the request state), which this makes two small objects instead. The first `setValue` or
 * `deleteValue` on it (a child span started in the request, for instance) turns it into an
 * ordinary context once and works on that, so later contexts cost what they always did.
 */
export class OverlayContext implements Context {
  private plain: Context | undefined = undefined;

  constructor(
    private readonly base: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.asPlainContext().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.asPlainContext().deleteValue(key);
  }

  private asPlainContext(): Context {
    return (this.plain ??= this.base.setValue(this.key, this.value));
  }
}

/**
 * The key `trace.setSpan` uses, when it is the one `@opentelemetry/api` 1.x documents
 * (`createContextKey` is `Symbol.for`); checked once against the API itself, so another API
 * version can only lose the shortcut, never the span.
 */
const SPAN_KEY: symbol | undefined = (() => {
  const key = createContextKey('OpenTelemetry Context Key SPAN');
  const probe = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 });
  try {
    return trace.getSpan(ROOT_CONTEXT.setValue(key, probe)) === probe && trace.setSpan(ROOT_CONTEXT, probe).getValue(key) === probe
      ? key
      : undefined;
  } catch {
    return undefined;
  }
})();

/** `trace.setSpan(parent, span)`, without copying `parent`. */
export function withActiveSpan(parent: Context, span: Span): Context {
  return SPAN_KEY === undefined ? trace.setSpan(parent, span) : new OverlayContext(parent, SPAN_KEY, span);
}
