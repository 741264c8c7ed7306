import type { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;
type EmitterMethod = (this: unknown, ...args: unknown[]) => unknown;
/** Event name → the user's listener → the context-binding wrapper it was registered as. */
type WrappersByEvent = Record<string | symbol, WeakMap<Listener, Listener> | undefined>;
type PatchableEmitter = Record<string | symbol, unknown>;

const ADD_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_ONE_METHODS = ['removeListener', 'off'] as const;

/**
 * Every wrapper made here. Node's `once()` registers through `this.on()` (patched too) a
 * `onceWrapper` whose `listener` property is our wrapper: recognising it keeps it from being
 * wrapped a second time, which would hide the wrapper from `removeListener`'s `.listener` match.
 * A flag set around `once()` (what @opentelemetry/context-async-hooks does) would also skip
 * listeners a `newListener` handler adds meanwhile.
 */
const contextWrappers = new WeakSet<object>();

function isContextWrapper(listener: object): boolean {
  if (contextWrappers.has(listener)) return true;
  const inner = (listener as { listener?: unknown }).listener;
  return typeof inner === 'function' && contextWrappers.has(inner);
}

function wrappersOf(emitter: PatchableEmitter, key: symbol): WrappersByEvent {
  let byEvent = emitter[key] as WrappersByEvent | undefined;
  if (byEvent === undefined) emitter[key] = byEvent = Object.create(null) as WrappersByEvent;
  return byEvent;
}

function addingBound(emitter: PatchableEmitter, key: symbol, original: EmitterMethod, wrap: (listener: Listener) => Listener): EmitterMethod {
  return function addListenerInContext(this: unknown, event: unknown, listener: unknown, ...rest: unknown[]) {
    // Invalid listeners go through untouched so the emitter throws its own error for them.
    if (typeof listener !== 'function' || isContextWrapper(listener)) return original.call(this, event, listener, ...rest);
    const byEvent = wrappersOf(emitter, key);
    const name = event as string | symbol;
    let wrappers = byEvent[name];
    if (wrappers === undefined) byEvent[name] = wrappers = new WeakMap();
    // One wrapper per listener and event: a listener added twice is then registered twice as the
    // same function, and two removeListener() calls remove both, as on an unbound emitter.
    let wrapped = wrappers.get(listener as Listener);
    if (wrapped === undefined) {
      wrapped = wrap(listener as Listener);
      contextWrappers.add(wrapped);
      wrappers.set(listener as Listener, wrapped);
    }
    return original.call(this, event, wrapped, ...rest);
  };
}

function removingBound(emitter: PatchableEmitter, key: symbol, original: EmitterMethod): EmitterMethod {
  return function removeListenerInContext(this: unknown, event: unknown, listener: unknown, ...rest: unknown[]) {
    const byEvent = emitter[key] as WrappersByEvent | undefined;
    const wrappers = byEvent === undefined ? undefined : byEvent[event as string | symbol];
    const wrapped = wrappers === undefined || typeof listener !== 'function' ? undefined : wrappers.get(listener as Listener);
    return original.call(this, event, wrapped ?? listener, ...rest);
  };
}

function removingAllBound(emitter: PatchableEmitter, key: symbol, original: EmitterMethod): EmitterMethod {
  return function removeAllListenersInContext(this: unknown, ...args: unknown[]) {
    // Forget the wrappers with the listeners, so re-added ones are wrapped afresh. The emitter
    // tells `removeAllListeners()` from `removeAllListeners(undefined)` by the argument count.
    const byEvent = emitter[key] as WrappersByEvent | undefined;
    if (byEvent !== undefined) {
      if (args.length === 0) emitter[key] = Object.create(null) as WrappersByEvent;
      else delete byEvent[args[0] as string | symbol];
    }
    return original.apply(this, args);
  };
}

/**
 * Makes the listeners later added to `emitter` (through any of its add methods) run through
 * `wrap`, and its remove methods find them by the listener the caller passed. `key` is the
 * binding manager's own property on the emitter: an emitter already bound by that manager is
 * returned as it is (the first context stays).
 */
export function bindEventEmitter<T extends EventEmitter>(emitter: T, key: symbol, wrap: (listener: Listener) => Listener): T {
  const patchable = emitter as unknown as PatchableEmitter;
  if (patchable[key] !== undefined) return emitter;
  patchable[key] = Object.create(null) as WrappersByEvent;
  for (const name of ADD_METHODS) {
    const original = patchable[name];
    if (typeof original === 'function') patchable[name] = addingBound(patchable, key, original as EmitterMethod, wrap);
  }
  for (const name of REMOVE_ONE_METHODS) {
    const original = patchable[name];
    if (typeof original === 'function') patchable[name] = removingBound(patchable, key, original as EmitterMethod);
  }
  const removeAll = patchable.removeAllListeners;
  if (typeof removeAll === 'function') patchable.removeAllListeners = removingAllBound(patchable, key, removeAll as EmitterMethod);
  return emitter;
}
