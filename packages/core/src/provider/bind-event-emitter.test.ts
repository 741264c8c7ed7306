import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DatadogContextManager } from './context-manager.js';

const KEY = createContextKey('test key');
const named = (name: string) => ROOT_CONTEXT.setValue(KEY, name);

type AddMethod = 'on' | 'addListener' | 'prependListener' | 'once' | 'prependOnceListener';
const ADD_METHODS: AddMethod[] = ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'];

/** A manager, an emitter bound to the context named 'bound', and a listener that records calls. */
function boundSetUp() {
  const manager = new DatadogContextManager().enable();
  const emitter = manager.bind(named('bound'), new EventEmitter());
  const calls: { context: unknown; self: unknown; args: unknown[] }[] = [];
  const listener = function (this: unknown, ...args: unknown[]) {
    calls.push({ context: manager.active().getValue(KEY), self: this, args });
  };
  const emitElsewhere = (event: string, ...args: unknown[]) => manager.with(named('emitter'), () => emitter.emit(event, ...args));
  return { manager, emitter, calls, listener, emitElsewhere };
}

describe('DatadogContextManager.bind(context, emitter)', () => {
  it('returns the emitter itself', () => {
    const manager = new DatadogContextManager().enable();
    const emitter = new EventEmitter();
    expect(manager.bind(named('bound'), emitter)).toBe(emitter);
  });

  it.each(ADD_METHODS)('runs a listener added with %s() in the bound context, with the emitter as this and the arguments', (method) => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter[method]('event', listener);
    emitElsewhere('event', 1, 'two');
    expect(calls).toEqual([{ context: 'bound', self: emitter, args: [1, 'two'] }]);
  });

  it.each(ADD_METHODS.flatMap((add) => (['removeListener', 'off'] as const).map((remove) => [add, remove] as const)))(
    'removes a listener added with %s() through %s()',
    (add, remove) => {
      const { emitter, calls, listener, emitElsewhere } = boundSetUp();
      emitter[add]('event', listener);
      emitter[remove]('event', listener);
      emitElsewhere('event');
      expect(calls).toEqual([]);
      expect(emitter.listenerCount('event')).toBe(0);
    },
  );

  it('calls a once() listener once, registered as one listener (no second wrapper around Node’s)', () => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter.once('event', listener);
    expect(emitter.listenerCount('event')).toBe(1);
    emitElsewhere('event', 'first');
    emitElsewhere('event', 'second');
    expect(calls.map((call) => [call.context, call.args[0]])).toEqual([['bound', 'first']]);
    expect(emitter.listenerCount('event')).toBe(0);
  });

  it('keeps the order prependListener() asks for', () => {
    const { emitter, manager } = boundSetUp();
    const order: string[] = [];
    emitter.on('event', () => order.push('on'));
    emitter.prependListener('event', () => order.push('prepended'));
    emitter.prependOnceListener('event', () => order.push('prepended once'));
    manager.with(named('emitter'), () => emitter.emit('event'));
    expect(order).toEqual(['prepended once', 'prepended', 'on']);
  });

  it('calls a listener added twice twice, and two removals remove both, as on an unbound emitter', () => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter.on('event', listener);
    emitter.on('event', listener);
    emitElsewhere('event');
    expect(calls).toHaveLength(2);
    emitter.removeListener('event', listener);
    emitElsewhere('event');
    expect(calls).toHaveLength(3);
    emitter.off('event', listener);
    emitElsewhere('event');
    expect(calls).toHaveLength(3);
    expect(emitter.listenerCount('event')).toBe(0);
  });

  it('removes one of a listener added with on() and once() per removal', () => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter.on('event', listener);
    emitter.once('event', listener);
    emitter.removeListener('event', listener);
    expect(emitter.listenerCount('event')).toBe(1);
    emitter.removeListener('event', listener);
    emitElsewhere('event');
    expect(calls).toEqual([]);
  });

  it('removeAllListeners(event) removes that event’s listeners only, and they can be added again', () => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter.on('event', listener);
    emitter.on('other', listener);
    emitter.removeAllListeners('event');
    emitElsewhere('event');
    emitElsewhere('other', 'other');
    expect(calls.map((call) => call.args)).toEqual([['other']]);
    emitter.on('event', listener);
    emitElsewhere('event', 'again');
    expect(calls.at(-1)).toMatchObject({ context: 'bound', args: ['again'] });
    emitter.removeListener('event', listener);
    expect(emitter.listenerCount('event')).toBe(0);
  });

  it('removeAllListeners() removes every listener, and re-added ones are bound and removable', () => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter.on('event', listener);
    emitter.once('other', listener);
    emitter.removeAllListeners();
    emitElsewhere('event');
    emitElsewhere('other');
    expect(calls).toEqual([]);
    emitter.prependListener('event', listener);
    emitElsewhere('event');
    expect(calls).toEqual([{ context: 'bound', self: emitter, args: [] }]);
    emitter.off('event', listener);
    expect(emitter.listenerCount('event')).toBe(0);
  });

  it('leaves listeners added before bind() in the emitting context, and still removes them', () => {
    const manager = new DatadogContextManager().enable();
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    const early = () => seen.push(manager.active().getValue(KEY));
    emitter.on('event', early);
    manager.bind(named('bound'), emitter);
    manager.with(named('emitter'), () => emitter.emit('event'));
    emitter.removeListener('event', early);
    expect(seen).toEqual(['emitter']);
    expect(emitter.listenerCount('event')).toBe(0);
  });

  it('keeps the first context when the emitter is bound again', () => {
    const { manager, emitter, calls, listener, emitElsewhere } = boundSetUp();
    manager.bind(named('second'), emitter);
    emitter.on('event', listener);
    emitElsewhere('event');
    expect(calls.map((call) => call.context)).toEqual(['bound']);
  });

  it('binds a listener a newListener handler adds while once() registers another', () => {
    const { emitter, calls, listener, emitElsewhere } = boundSetUp();
    emitter.on('newListener', (event: string) => {
      if (event === 'event') emitter.on('added meanwhile', listener);
    });
    emitter.once('event', () => {});
    emitElsewhere('added meanwhile');
    expect(calls.map((call) => call.context)).toEqual(['bound']);
  });

  it('lets the emitter reject a listener that is not a function with its own error', () => {
    const { emitter } = boundSetUp();
    expect(() => emitter.on('event', 'not a function' as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
  });

  it('runs an unbound emitter’s listeners in the context of emit()', () => {
    const manager = new DatadogContextManager().enable();
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    manager.with(named('at on'), () => emitter.on('event', () => seen.push(manager.active().getValue(KEY))));
    manager.with(named('at emit'), () => emitter.emit('event'));
    expect(seen).toEqual(['at emit']);
  });

  it('runs bound listeners in the bound context when the emit comes from a timer', async () => {
    const { emitter, calls, listener, manager } = boundSetUp();
    emitter.on('event', listener);
    await manager.with(named('timer'), () => new Promise<void>((resolve) => setTimeout(() => resolve(void emitter.emit('event')), 1)));
    expect(calls.map((call) => call.context)).toEqual(['bound']);
  });
});
