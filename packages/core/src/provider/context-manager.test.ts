import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DatadogContextManager } from './context-manager.js';

const KEY = createContextKey('test key');
const named = (name: string) => ROOT_CONTEXT.setValue(KEY, name);
const nameOf = (manager: DatadogContextManager) => manager.active().getValue(KEY);

interface ScenarioManager {
  active(): Context;
  with(context: Context, fn: () => unknown): unknown;
  disable(): unknown;
}

/** What a manager that is nothing but an AsyncLocalStorage answers: the reference for disable(). */
function plainStorageManager(): ScenarioManager {
  const storage = new AsyncLocalStorage<Context>();
  return {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (context, fn) => storage.run(context, fn),
    disable: () => storage.disable(),
  };
}

describe('DatadogContextManager', () => {
  it('answers the innermost with() while it runs, and the outer one after it returned', () => {
    const manager = new DatadogContextManager().enable();
    const seen: unknown[] = [];
    manager.with(named('outer'), () => {
      seen.push(nameOf(manager));
      manager.with(named('inner'), () => seen.push(nameOf(manager)));
      seen.push(nameOf(manager));
    });
    seen.push(nameOf(manager));
    expect(seen).toEqual(['outer', 'inner', 'outer', undefined]);
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('passes this and the arguments, and returns the result, as the OTel manager does', () => {
    const manager = new DatadogContextManager().enable();
    const target = { label: 'target' };
    function probe(this: unknown, a: number, b: string) {
      return [this, a, b];
    }
    expect(manager.with(named('x'), probe, target, 1, 'two')).toEqual([target, 1, 'two']);
    expect(manager.with(named('x'), probe, undefined, 3, 'four')).toEqual([null, 3, 'four']);
    expect(manager.with(named('x'), probe, null, 5, 'six')).toEqual([null, 5, 'six']);
  });

  it('calls the callback with no arguments when with() is given none, with or without a this', () => {
    const manager = new DatadogContextManager().enable();
    const target = { label: 'target' };
    function probe(this: unknown, ...args: unknown[]) {
      return [this, args.length, nameOf(manager)];
    }
    expect(manager.with(named('bare'), probe)).toEqual([null, 0, 'bare']);
    expect(manager.with(named('this'), probe, target)).toEqual([target, 0, 'this']);
  });

  it('restores each level of nested with() calls, also when the shortcut is off', () => {
    for (const shortcutOff of [false, true]) {
      const manager = new DatadogContextManager().enable();
      if (shortcutOff) manager.attach(ROOT_CONTEXT).dispose();
      const seen: unknown[] = [];
      manager.with(named('1'), () => {
        manager.with(named('2'), () => {
          manager.with(named('3'), () => seen.push(nameOf(manager)));
          seen.push(nameOf(manager));
        });
        seen.push(nameOf(manager));
      });
      seen.push(nameOf(manager));
      expect(seen).toEqual(['3', '2', '1', undefined]);
    }
  });

  it('restores the outer context when the callback throws', () => {
    const manager = new DatadogContextManager().enable();
    manager.with(named('outer'), () => {
      expect(() =>
        manager.with(named('inner'), () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(nameOf(manager)).toBe('outer');
    });
  });

  it('reads AsyncLocalStorage in a function bound to another async context and called synchronously', () => {
    const manager = new DatadogContextManager().enable();
    const bound = manager.with(named('at bind'), () => AsyncResource.bind(() => nameOf(manager)));
    manager.with(named('caller'), () => {
      expect(bound()).toBe('at bind');
      expect(nameOf(manager)).toBe('caller');
    });
  });

  it('keeps the context across awaits and timers started inside with()', async () => {
    const manager = new DatadogContextManager().enable();
    const later = manager.with(named('async'), async () => {
      await nextTurn();
      return nameOf(manager);
    });
    const timer = manager.with(named('timer'), () => new Promise((resolve) => setTimeout(() => resolve(nameOf(manager)), 1)));
    manager.with(named('meanwhile'), () => expect(nameOf(manager)).toBe('meanwhile'));
    expect(await later).toBe('async');
    expect(await timer).toBe('timer');
  });

  it('turns the shortcut off once attach() changed the store outside with()', () => {
    const manager = new DatadogContextManager().enable();
    manager.with(named('outer'), () => {
      const token = manager.attach(named('attached'));
      expect(nameOf(manager)).toBe('attached');
      token.dispose();
      expect(nameOf(manager)).toBe('outer');
      manager.with(named('inner'), () => expect(nameOf(manager)).toBe('inner'));
    });
  });

  it('answers as the plain AsyncLocalStorage manager after disable() inside with()', () => {
    // What disable() does to an outer run() differs between Node versions (async_hooks vs
    // AsyncContextFrame storage): the shortcut must give a plain AsyncLocalStorage's answers on each.
    const scenario = (manager: ScenarioManager): unknown[] => {
      const seen: unknown[] = [];
      const read = () => seen.push(manager.active().getValue(KEY));
      manager.with(named('outer'), () => {
        manager.with(named('inner'), () => {
          manager.disable();
          read();
        });
        read();
        manager.with(named('after'), read);
      });
      read();
      return seen;
    };
    const expected = scenario(plainStorageManager());
    expect(scenario(new DatadogContextManager().enable())).toEqual(expected);
    expect(expected).toContain('after');
  });

  it('bind() of a function runs it in the bound context with the caller’s this and arguments, and keeps its length', () => {
    const manager = new DatadogContextManager().enable();
    function probe(this: unknown, a: number, b: string) {
      return [this, a, b, nameOf(manager)];
    }
    const bound = manager.bind(named('bound'), probe);
    const receiver = { bound };
    manager.with(named('caller'), () => {
      expect(receiver.bound(1, 'two')).toEqual([receiver, 1, 'two', 'bound']);
      expect(nameOf(manager)).toBe('caller');
    });
    expect(bound.length).toBe(2);
    expect(nameOf(manager)).toBeUndefined();
  });

  it('bind() of a function keeps its context when a timer calls it later', async () => {
    const manager = new DatadogContextManager().enable();
    const bound = manager.bind(named('bound'), () => nameOf(manager));
    const later = manager.with(named('scheduler'), () => new Promise((resolve) => setTimeout(() => resolve(bound()), 1)));
    expect(await later).toBe('bound');
  });

  it('bind() returns anything but a function or an EventEmitter as it is', () => {
    const manager = new DatadogContextManager().enable();
    const object = { on: () => {} };
    expect(manager.bind(named('x'), object)).toBe(object);
    expect(manager.bind(named('x'), undefined)).toBeUndefined();
    expect(manager.bind(named('x'), 42)).toBe(42);
  });

  it('attach() makes a context active until its token is disposed, once, restoring the one before', () => {
    const manager = new DatadogContextManager().enable();
    const first = manager.attach(named('first'));
    const second = manager.attach(named('second'));
    expect(nameOf(manager)).toBe('second');
    second.dispose();
    expect(nameOf(manager)).toBe('first');
    first.dispose();
    expect(manager.active()).toBe(ROOT_CONTEXT);
    second.dispose();
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('attach() reaches continuations scheduled while it is in place, not those scheduled after dispose()', async () => {
    const manager = new DatadogContextManager().enable();
    const token = manager.attach(named('attached'));
    const during = nextTurn().then(() => nameOf(manager));
    token.dispose();
    const after = nextTurn().then(() => nameOf(manager));
    expect(await during).toBe('attached');
    expect(await after).toBeUndefined();
  });

  it('answers ROOT_CONTEXT after disable(), inside with() and after attach()', () => {
    const inside = new DatadogContextManager().enable();
    inside.with(named('outer'), () => {
      inside.disable();
      expect(inside.active()).toBe(ROOT_CONTEXT);
    });
    const attached = new DatadogContextManager().enable();
    attached.attach(named('attached'));
    attached.disable();
    expect(attached.active()).toBe(ROOT_CONTEXT);
  });

  it('runWith passes its one argument and restores the outer context', () => {
    const manager = new DatadogContextManager().enable();
    manager.with(named('outer'), () => {
      expect(manager.runWith(named('inner'), (arg: string) => `${arg}:${String(nameOf(manager))}`, 'x')).toBe('x:inner');
      expect(nameOf(manager)).toBe('outer');
    });
  });
});
