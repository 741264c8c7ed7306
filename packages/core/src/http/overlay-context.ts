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
 * A context plus two entries: a request's span and its state, in one object instead of two
 * `OverlayContext`s (one allocation per request less, and one step less for every look-up from
 * the request's handlers). Behaves like `OverlayContext` otherwise.
 */
export class PairOverlayContext implements Context {
  private plain: Context | undefined = undefined;

  constructor(
    private readonly base: Context,
    private readonly firstKey: symbol,
    private readonly firstValue: unknown,
    private readonly secondKey: symbol,
    private readonly secondValue: unknown,
  ) {}

  getValue(key: symbol): unknown {
    if (key === this.secondKey) return this.secondValue;
    return key === this.firstKey ? this.firstValue : this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.asPlainContext().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.asPlainContext().deleteValue(key);
  }

  private asPlainContext(): Context {
    return (this.plain ??= this.base.setValue(this.firstKey, this.firstValue).setValue(this.secondKey, this.secondValue));
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

/** `trace.setSpan(parent, span).setValue(key, value)`, as one object, without copying `parent`. */
export function withActiveSpanAndValue(parent: Context, span: Span, key: symbol, value: unknown): Context {
  return SPAN_KEY === undefined
    ? new OverlayContext(trace.setSpan(parent, span), key, value)
    : new PairOverlayContext(parent, SPAN_KEY, span, key, value);
}
