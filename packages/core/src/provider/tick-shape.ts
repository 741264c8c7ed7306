import { executionAsyncResource } from 'node:async_hooks';
import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One of Node's `process.nextTick` queue entries ("TickObject"), kept for the life of the
 * process so that V8 never drops their hidden classes.
 *
 * Node builds each entry as an object literal with computed (symbol) keys, and V8's caches for
 * defining those keys hold the hidden classes along the way weakly. When a full GC runs while
 * no entry is alive, V8 drops those classes; the next `nextTick` that runs unoptimized finds a
 * cache naming a class that is gone and marks it megamorphic, for good. From then on every
 * optimized caller (`nextTick` and the stream code it is inlined into) defines the entry's
 * properties through the runtime: ~35k instructions (~10 µs) more per Fastify request, until the
 * process exits. Any Node 20 server can fall into it; tracing makes it likelier, since async
 * hooks and payload buffers mean more full GCs (callgrind caught it in about one benchmark run in
 * five, and full GCs forced at idle moments bring it about every time, untraced servers too).
 * A live entry keeps its hidden class, and through it every class before it on that path, so
 * the caches stay valid: a few dozen bytes.
 */
let keptTickObject: object | undefined;
let scheduled = false;

/** Keeps a TickObject alive (see above), captured outside any of `storage`'s contexts. Never throws. */
export function keepTickObjectShape(storage: AsyncLocalStorage<unknown>): void {
  if (scheduled) return;
  scheduled = true;
  try {
    // Outside this storage's contexts: the kept entry carries the store it was queued in.
    storage.exit(() => process.nextTick(captureTickObject));
  } catch {
    // Not Node's nextTick (a bundle for another runtime): nothing to keep.
  }
}

function captureTickObject(): void {
  try {
    // Inside a nextTick callback, the resource is the queue entry itself.
    keptTickObject = executionAsyncResource();
  } catch {
    keptTickObject = undefined;
  }
}

/** The kept entry, once captured (tests look at it). */
export function tickObjectKept(): object | undefined {
  return keptTickObject;
}
