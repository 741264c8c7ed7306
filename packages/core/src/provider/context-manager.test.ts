import { AsyncResource } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import { DatadogContextManager } from './context-manager.js';

const KEY = createContextKey('test key');
const named = (name: string) => ROOT_CONTEXT.setValue(KEY, name);
const nameOf = (manager: DatadogContextManager) => manager.active().getValue(KEY);

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
    const ours = new DatadogContextManager().enable();
    const theirs = new AsyncLocalStorageContextManager().enable();
    const target = { label: 'target' };
    function probe(this: unknown, a: number, b: string) {
      return [this, a, b];
    }
    for (const manager of [ours, theirs]) {
      expect(manager.with(named('x'), probe, target, 1, 'two')).toEqual([target, 1, 'two']);
      expect(manager.with(named('x'), probe, undefined, 3, 'four')).toEqual([null, 3, 'four']);
    }
    theirs.disable();
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
    // AsyncContextFrame storage): the shortcut must give the base class's answers on each.
    const scenario = (manager: AsyncLocalStorageContextManager): unknown[] => {
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
    const expected = scenario(new AsyncLocalStorageContextManager().enable());
    expect(scenario(new DatadogContextManager().enable())).toEqual(expected);
    expect(expected).toContain('after');
  });

  it('runWith passes its one argument and restores the outer context', () => {
    const manager = new DatadogContextManager().enable();
    manager.with(named('outer'), () => {
      expect(manager.runWith(named('inner'), (arg: string) => `${arg}:${String(nameOf(manager))}`, 'x')).toBe('x:inner');
      expect(nameOf(manager)).toBe('outer');
    });
  });
});
