import { describeProblem } from './problems.js';
import type { TraceStore } from './trace-store.js';
import type { DevAgentSpan, DevAgentStoreView } from './types.js';

/** What a `waitFor` predicate may return: anything falsy means "not yet". */
export type WaitResult<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Gets all stored spans (arrival order) and the whole store, for traces, requests or problems. */
export type WaitPredicate<T> = (spans: DevAgentSpan[], store: DevAgentStoreView) => T;

const SUMMARY_LIMIT = 20;

/**
 * Resolves with the predicate's first truthy result, checked now and after every received payload.
 * A predicate that throws counts as "not yet" (e.g. `spans[0]!.name` before any span);
 * its last error is quoted if the wait times out.
 */
export function waitForStore<T>(
  store: TraceStore,
  predicate: WaitPredicate<T>,
  timeoutMs: number,
  waitingFor: string,
): Promise<WaitResult<T>> {
  return new Promise((resolve, reject) => {
    let lastError: unknown;
    let settled = false;
    const evaluate = (): boolean => {
      try {
        const result = predicate(store.spans(), store);
        if (result) {
          finish();
          resolve(result as WaitResult<T>);
          return true;
        }
      } catch (error) {
        lastError = error;
      }
      return false;
    };
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      unsubscribe();
    };
    const unsubscribe = store.subscribe((event) => {
      if (settled) return;
      if (event.type === 'close') {
        finish();
        reject(new Error(`dev agent closed while waiting for ${waitingFor}. ${describeStore(store)}`));
      } else {
        evaluate();
      }
    });
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      const cause = lastError instanceof Error ? ` Last predicate error: ${lastError.message}.` : '';
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${waitingFor}.${cause} ${describeStore(store)}`));
    }, timeoutMs);
    // An agent that is still listening keeps the process alive; a stray wait must not.
    timer.unref();
    evaluate();
  });
}

/** A readable summary of what the store holds, for error messages. */
export function describeStore(store: DevAgentStoreView): string {
  const spans = store.spans();
  const traces = store.traces();
  const requests = store.requests();
  const problems = store.problems();
  const lines = [`Received ${spans.length} span(s) in ${traces.length} trace(s) from ${requests.length} request(s).`];
  for (const span of spans.slice(0, SUMMARY_LIMIT)) {
    lines.push(`  span ${span.spanId} trace ${span.traceId} parent ${span.parentId}: ${span.name} (service ${JSON.stringify(span.service)}, resource ${JSON.stringify(span.resource)}, error ${span.error})`);
  }
  if (spans.length > SUMMARY_LIMIT) lines.push(`  ... and ${spans.length - SUMMARY_LIMIT} more span(s)`);
  if (problems.length > 0) {
    lines.push(`Problems (${problems.length}):`);
    for (const problem of problems.slice(0, SUMMARY_LIMIT)) lines.push(`  request ${problem.requestId}: ${describeProblem(problem)}`);
  }
  return lines.join('\n');
}
