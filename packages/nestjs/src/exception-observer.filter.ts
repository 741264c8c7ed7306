import { context } from './otel-api.js';
import { recordServerError } from '@dd-otel/core';
import { Catch } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { nestRequestOf } from './request-context.js';

/** Remembers an exception for the request span of the request being handled. Never throws. */
function observeException(exception: unknown): void {
  try {
    const req = nestRequestOf(context.active());
    if (req !== undefined) recordServerError(req, exception);
  } catch {
    // Observing must never change how Nest handles the exception.
  }
}

/**
 * Matches no exception. Nest picks an exception filter by testing `exception instanceof T` for
 * each type in its `@Catch()`; this type is asked about every exception that reaches the
 * global filters, notes it, and answers "no", so Nest goes on to the app's own filters or its
 * built-in handler exactly as if this filter were not there.
 */
export class ObservedException {
  static [Symbol.hasInstance](exception: unknown): boolean {
    observeException(exception);
    return false;
  }
}

/**
 * Global exception filter that records exceptions (guard, pipe, handler, not-found) for the
 * request span and never answers the request itself: the app's filters and Nest's default
 * responses stay exactly as they are, whatever order the global filters were registered in.
 * (A filter that answered with `super.catch` would hide app filters registered before it; one
 * that re-threw would send the error past Nest to the HTTP library's default handler.)
 */
@Catch(ObservedException)
export class ExceptionObserverFilter extends BaseExceptionFilter {
  // Nest never selects this filter (nothing is an ObservedException). Should a future Nest call
  // it anyway, it answers the way Nest's built-in filter does.
  override catch(exception: unknown, host: ArgumentsHost): void {
    observeException(exception);
    super.catch(exception, host);
  }
}
