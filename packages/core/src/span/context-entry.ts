import type { Context } from '@opentelemetry/api';

/** The OTel API's span key (`createContextKey` is `Symbol.for`, so this is the same symbol). */
export const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
/** Longest chain of entries before they are folded into one map (bounds look-ups and memory). */
const MAX_CHAIN_LENGTH = 32;

/**
 * An OTel `Context` that is its parent plus one entry. The API's own context copies its whole
 * map and creates three closures on every `setValue`; `startActiveSpan` sets one value per span,
 * so a single small object is much cheaper. Look-ups walk the chain (nearest entry wins; an
 * entry whose value is undefined is a deletion) and end at the first context of another kind.
 */
class ContextEntry implements Context {
  /**
   * The last key looked up past this entry and what it resolved to. Contexts are immutable, so
   * the answer never changes; a parent span's context is asked the same questions (its span,
   * whether tracing is suppressed) once per child.
   */
  private memoKey: symbol | undefined = undefined;
  private memoValue: unknown = undefined;

  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
    /** Entries in the chain up to and including this one. */
    readonly chainLength: number,
  ) {}

  getValue(key: symbol): unknown {
    if (key === this.key) return this.value;
    if (key === this.memoKey) return this.memoValue;
    let context: Context = this.parent;
    let value: unknown;
    for (;;) {
      if (!(context instanceof ContextEntry)) {
        value = context.getValue(key);
        break;
      }
      if (context.key === key) {
        value = context.value;
        break;
      }
      context = context.parent;
    }
    this.memoKey = key;
    this.memoValue = value;
    return value;
  }

  setValue(key: symbol, value: unknown): Context {
    return contextWith(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return contextWith(this, key, undefined);
  }

  /** Folds the chain into a map over the first context of another kind. */
  fold(): FoldedContext {
    const values = new Map<symbol, unknown>();
    let context: Context = this;
    while (context instanceof ContextEntry) {
      if (!values.has(context.key)) values.set(context.key, context.value);
      context = context.parent;
    }
    if (context instanceof FoldedContext) {
      for (const [key, value] of context.values) if (!values.has(key)) values.set(key, value);
      context = context.base;
    }
    return new FoldedContext(values, context);
  }
}

/** A folded chain: its entries in a map, over the context it was built on. */
class FoldedContext implements Context {
  constructor(
    readonly values: ReadonlyMap<symbol, unknown>,
    readonly base: Context,
  ) {}

  getValue(key: symbol): unknown {
    return this.values.has(key) ? this.values.get(key) : this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return contextWith(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return contextWith(this, key, undefined);
  }
}

/** `parent.setValue(key, value)`, as one small object (an undefined value deletes the key). */
export function contextWith(parent: Context, key: symbol, value: unknown): Context {
  if (parent instanceof ContextEntry) {
    const base = parent.chainLength >= MAX_CHAIN_LENGTH ? parent.fold() : parent;
    return new ContextEntry(base, key, value, base === parent ? parent.chainLength + 1 : 1);
  }
  return new ContextEntry(parent, key, value, 1);
}

/** `trace.setSpan(parent, span)`, as one small object. */
export function contextWithSpan(parent: Context, span: unknown): Context {
  return contextWith(parent, SPAN_KEY, span);
}
