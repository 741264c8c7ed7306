import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT } from '../internal/otel-api.js';
import type { Context, ContextManager } from '@opentelemetry/api';
import { bindEventEmitter } from './bind-event-emitter.js';
import { keepTickObjectShape } from './tick-shape.js';

/** What `attach()` returns: `dispose()` puts back the context that was active before. */
export interface ContextAttachToken {
  dispose(): void;
}

type AnyFunction = (...args: never[]) => unknown;

/** `AsyncLocalStorage.prototype.withScope` (newer Node): `enterWith` plus a disposable scope. */
type StorageWithScope = AsyncLocalStorage<Context> & { withScope?: (store: Context) => ContextAttachToken };

/** Where `withScope` is missing: `enterWith` the previous context on the first `dispose()`. */
class RestorePreviousContext implements ContextAttachToken {
  private disposed = false;

  constructor(
    private readonly storage: AsyncLocalStorage<Context>,
    private readonly previous: Context,
  ) {}

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.storage.enterWith(this.previous);
  }
}

/**
 * The innermost `with()` on the stack. One per outermost `with()`, updated in place by nested
 * ones: the manager lives in the old generation, so storing each span's (young) context into it
 * took V8's write-barrier slow path twice per span (~2 % of the span benchmark's CPU in a `perf`
 * profile); stores into a young frame take the fast path.
 */
class SyncFrame {
  constructor(
    public context: Context,
    /** `executionAsyncId()` when that `with()` was entered. */
    public asyncId: number,
  ) {}
}

/**
 * The AsyncLocalStorage context manager `register()` installs. It is written here rather than
 * taken from @opentelemetry/context-async-hooks so that core has no runtime dependency: loading
 * that package cost 2.5–5 ms of start-up. It keeps that package's contract (`active`, `with`,
 * `bind` of functions and EventEmitters, `enable`, `disable`, `attach`), with one shortcut:
 * inside the synchronous extent of its own `with()`, `active()` answers from a frame object
 * instead of asking AsyncLocalStorage. `getStore()` costs an `executionAsyncResource()` look-up
 * each time (Node 20); a span started inside `startActiveSpan` asks for its parent, and
 * `trace.getActiveSpan()` asks again. The span benchmark (tools/bench/span) makes two such reads
 * per child span.
 *
 * Why the frame is right: it holds the context of the innermost `with()` still on the stack and
 * the async id (`executionAsyncId()`, one typed-array read) that was current when it was entered.
 * Code that runs with the same async id while that `with()` is on the stack runs synchronously
 * in the same callback, and nothing but `with()` changes this manager's store there. Anything that
 * switches to another async context synchronously (an `AsyncResource` bound function) runs
 * under another async id, so it reads AsyncLocalStorage as before; functions and EventEmitter
 * listeners bound by `bind()` enter their context through `with()`. `attach()` and `disable()`
 * change the store without `with()`: they turn the shortcut off for good.
 */
export class DatadogContextManager implements ContextManager {
  /** Set while a `with()` of this manager is on the stack (and the shortcut is on). */
  private frame: SyncFrame | undefined = undefined;
  private shortcut = true;
  private readonly storage = new AsyncLocalStorage<Context>();
  /** This manager's property on the emitters it bound: another manager may bind them as well. */
  private readonly boundListenersKey = Symbol('dd-otel bound listeners');

  active(): Context {
    const frame = this.frame;
    if (frame !== undefined && frame.asyncId === executionAsyncId()) return frame.context;
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    if (!this.shortcut) return this.run(context, fn, thisArg, args);
    const frame = this.frame;
    if (frame === undefined) {
      this.frame = new SyncFrame(context, executionAsyncId());
      try {
        return this.run(context, fn, thisArg, args);
      } finally {
        this.frame = undefined;
      }
    }
    const outerContext = frame.context;
    const outerAsyncId = frame.asyncId;
    frame.context = context;
    frame.asyncId = executionAsyncId();
    try {
      return this.run(context, fn, thisArg, args);
    } finally {
      frame.context = outerContext;
      frame.asyncId = outerAsyncId;
    }
  }

  /**
   * `with(context, fn, undefined, arg)` without rest parameters: what `startActiveSpan` calls.
   * The frame handling is the same as in `with()` on purpose: routing `with()` through here (an
   * object per call for `this` and the arguments, then `Reflect.apply`) measured 1–2 µs more per
   * Fastify request in a paired A/B (tools/bench/http/ab.mjs, 8 rounds), so it was taken back.
   */
  runWith<A, R>(context: Context, fn: (arg: A) => R, arg: A): R {
    const storage = this.storage;
    if (!this.shortcut) return storage.run(context, fn, arg);
    const frame = this.frame;
    if (frame === undefined) {
      this.frame = new SyncFrame(context, executionAsyncId());
      try {
        return storage.run(context, fn, arg);
      } finally {
        this.frame = undefined;
      }
    }
    const outerContext = frame.context;
    const outerAsyncId = frame.asyncId;
    frame.context = context;
    frame.asyncId = executionAsyncId();
    try {
      return storage.run(context, fn, arg);
    } finally {
      frame.context = outerContext;
      frame.asyncId = outerAsyncId;
    }
  }

  /**
   * `target` with `context` active whenever it runs: a function is wrapped (same `this`, arguments
   * and `length`); an EventEmitter's listeners added from now on run in `context` (and are still
   * found by its remove methods). Anything else is returned as it is.
   */
  bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter) {
      return bindEventEmitter(target, this.boundListenersKey, (listener) => this.bindFunction(context, listener)) as T;
    }
    if (typeof target === 'function') return this.bindFunction(context, target as T & AnyFunction);
    return target;
  }

  /** Nothing to start: AsyncLocalStorage is ready as soon as it exists. */
  enable(): this {
    keepTickObjectShape(this.storage);
    return this;
  }

  disable(): this {
    this.stopShortcut();
    this.storage.disable();
    return this;
  }

  /**
   * Experimental in OTel: makes `context` active for the rest of the current async execution
   * (not only a callback) until the token is disposed. Like `enterWith`, it leaks into the caller
   * of an async function that calls it before its first `await`: prefer `with()`.
   */
  attach(context: Context): ContextAttachToken {
    this.stopShortcut();
    const storage = this.storage as StorageWithScope;
    if (typeof storage.withScope === 'function') return storage.withScope(context);
    const previous = this.active();
    storage.enterWith(context);
    return new RestorePreviousContext(storage, previous);
  }

  /**
   * `fn.bind(thisArg)` only when there is a `this` to give, and no spread of an empty argument
   * list: AsyncLocalStorage calls the callback with a null `this` either way.
   */
  private run<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg: ThisParameterType<F> | undefined,
    args: A,
  ): ReturnType<F> {
    const callback = thisArg == null ? fn : (fn.bind(thisArg) as F);
    if (args.length === 0) return this.storage.run(context, callback as () => ReturnType<F>);
    return this.storage.run(context, callback, ...args);
  }

  private bindFunction<F extends AnyFunction>(context: Context, target: F): F {
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return manager.with(context, () => Reflect.apply(target, this, args));
    };
    // Code that dispatches on a callback's arity (Express error handlers, Mocha's done) must see
    // the target's.
    Object.defineProperty(bound, 'length', { enumerable: false, configurable: true, writable: false, value: target.length });
    return bound as unknown as F;
  }

  /** Outer `with()` calls still on the stack restore a frame nobody reads any more. */
  private stopShortcut(): void {
    this.shortcut = false;
    this.frame = undefined;
  }
}
