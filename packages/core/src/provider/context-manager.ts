import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * The AsyncLocalStorage context manager `register()` installs, with one shortcut: inside the
 * synchronous extent of its own `with()`, `active()` answers from a frame object instead of asking
 * AsyncLocalStorage. `getStore()` costs an `executionAsyncResource()` look-up each time (Node 20);
 * a span started inside `startActiveSpan` asks for its parent, and `trace.getActiveSpan()` asks
 * again. The span benchmark (tools/bench/span) makes two such reads per child span.
 *
 * Why the frame is right: it holds the context of the innermost `with()` still on the stack and
 * the async id (`executionAsyncId()`, one typed-array read) that was current when it was entered.
 * Code that runs with the same async id while that `with()` is on the stack runs synchronously
 * in the same callback, and nothing but `with()` changes this manager's store there. Anything that
 * switches to another async context synchronously (an `AsyncResource` bound function, an
 * EventEmitter bound by `bind()`) runs under another async id, so it reads AsyncLocalStorage as
 * before. `attach()` and `disable()` change the store without `with()`: they turn the shortcut
 * off for good.
 */
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

export class DatadogContextManager extends AsyncLocalStorageContextManager {
  /** Set while a `with()` of this manager is on the stack (and the shortcut is on). */
  private frame: SyncFrame | undefined = undefined;
  private shortcut = true;
  /**
   * The base class's AsyncLocalStorage (a private field of @opentelemetry/context-async-hooks
   * 2.x), so `runWith` can call `run` with its one argument instead of passing it through two
   * rest-parameter arrays; `undefined` if a later version renames it.
   */
  private readonly storage: AsyncLocalStorage<Context> | undefined;

  constructor() {
    super();
    const storage = (this as unknown as { _asyncLocalStorage?: unknown })._asyncLocalStorage;
    this.storage = storage instanceof AsyncLocalStorage ? (storage as AsyncLocalStorage<Context>) : undefined;
  }

  override active(): Context {
    const frame = this.frame;
    if (frame !== undefined && frame.asyncId === executionAsyncId()) return frame.context;
    return super.active();
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    if (!this.shortcut) return super.with(context, fn, thisArg, ...args);
    const frame = this.frame;
    if (frame === undefined) {
      this.frame = new SyncFrame(context, executionAsyncId());
      try {
        return super.with(context, fn, thisArg, ...args);
      } finally {
        this.frame = undefined;
      }
    }
    const outerContext = frame.context;
    const outerAsyncId = frame.asyncId;
    frame.context = context;
    frame.asyncId = executionAsyncId();
    try {
      return super.with(context, fn, thisArg, ...args);
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
    if (!this.shortcut || storage === undefined) return super.with(context, fn, undefined, arg);
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

  override attach(context: Context): ReturnType<AsyncLocalStorageContextManager['attach']> {
    this.stopShortcut();
    return super.attach(context);
  }

  override disable(): this {
    this.stopShortcut();
    return super.disable();
  }

  /** Outer `with()` calls still on the stack restore a frame nobody reads any more. */
  private stopShortcut(): void {
    this.shortcut = false;
    this.frame = undefined;
  }
}
