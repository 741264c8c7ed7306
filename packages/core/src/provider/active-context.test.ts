import { ROOT_CONTEXT, context, createContextKey } from '@opentelemetry/api';
import type { Context, ContextManager } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { activeContext, withContext } from './active-context.js';
import { DatadogContextManager } from './context-manager.js';

const KEY = createContextKey('active-context test');
const named = (name: string) => ROOT_CONTEXT.setValue(KEY, name);

/** A manager of another kind: one fixed context, records what `with` was asked. */
class FixedContextManager implements ContextManager {
  withCalls = 0;
  constructor(private readonly fixed: Context) {}
  active(): Context {
    return this.fixed;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(_c: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    this.withCalls++;
    return fn.call(thisArg, ...args);
  }
  bind<T>(_c: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

afterEach(() => {
  context.disable();
});

describe('activeContext / withContext', () => {
  it('use the registered dd-otel manager directly', () => {
    const manager = new DatadogContextManager().enable();
    expect(context.setGlobalContextManager(manager)).toBe(true);
    const seen = withContext(named('inner'), (arg: string) => `${arg}:${String(activeContext().getValue(KEY))}`, 'arg');
    expect(seen).toBe('arg:inner');
    expect(activeContext()).toBe(ROOT_CONTEXT);
  });

  it('go through the API when another manager is registered', () => {
    const other = new FixedContextManager(named('other'));
    expect(context.setGlobalContextManager(other)).toBe(true);
    expect(activeContext().getValue(KEY)).toBe('other');
    expect(withContext(named('ignored'), (arg: number) => arg + 1, 1)).toBe(2);
    expect(other.withCalls).toBe(1);
  });

  it('go through the API when no manager is registered', () => {
    expect(activeContext()).toBe(ROOT_CONTEXT);
    expect(withContext(named('x'), (arg: number) => arg * 2, 21)).toBe(42);
  });
});
