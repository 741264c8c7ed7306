import { context } from './otel-api.js';
import type { Context } from '@opentelemetry/api';
import { Observable } from 'rxjs';

/** The part of an rxjs Observable this module relies on (any rxjs 7 copy has it). */
export interface SubscribableLike<T> {
  subscribe(observer: { next(value: T): void; error(error: unknown): void; complete(): void }): { unsubscribe(): void };
}

/** How the subscription ended: `failed` with the error, or completed/unsubscribed. */
export type Settle = (failed: boolean, error?: unknown) => void;

/**
 * An Observable that subscribes to `source()` with `active` as the active context (Observables
 * are lazy: the work runs at subscription, not where the Observable was made) and calls `settle`
 * once, at the first of error, completion or unsubscription.
 */
export function observeInContext<T>(active: Context, source: () => SubscribableLike<T>, settle: Settle): Observable<T> {
  return new Observable<T>((subscriber) => {
    let settled = false;
    const settleOnce: Settle = (failed, error) => {
      if (settled) return;
      settled = true;
      settle(failed, error);
    };
    let subscription: { unsubscribe(): void };
    try {
      subscription = context.with(active, () =>
        source().subscribe({
          next: (value) => subscriber.next(value),
          error: (error) => {
            settleOnce(true, error);
            subscriber.error(error);
          },
          complete: () => {
            settleOnce(false);
            subscriber.complete();
          },
        }),
      );
    } catch (error) {
      settleOnce(true, error);
      subscriber.error(error);
      return undefined;
    }
    return () => {
      subscription.unsubscribe();
      settleOnce(false);
    };
  });
}
