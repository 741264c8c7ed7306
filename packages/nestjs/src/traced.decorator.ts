import { SpanKind, context, trace } from './otel-api.js';
import type { Attributes, Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { ensureTracerProvider } from '@dd-otel/core';
import { copyMethodIdentity } from './copy-metadata.js';
import { observeInContext } from './observe-in-context.js';
import type { SubscribableLike } from './observe-in-context.js';
import { recordSpanFailure } from './span-errors.js';
import { checkTracedArguments } from './traced-options.js';
import type { TracedOptions } from './traced-options.js';
import { PACKAGE_NAME, VERSION } from './version.js';

let tracer: Tracer | undefined;

/** Looked up at the first traced call, so the app may initialise tracing after defining classes. */
function tracedTracer(): Tracer {
  return (tracer ??= ensureTracerProvider().getTracer(PACKAGE_NAME, VERSION));
}

function isObservableLike(value: unknown): value is SubscribableLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { subscribe?: unknown }).subscribe === 'function' &&
    typeof (value as { lift?: unknown }).lift === 'function'
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function endSpan(span: Span, failed: boolean, error?: unknown): void {
  if (failed) recordSpanFailure(span, error);
  span.end();
}

/** Runs the method with its span active and ends the span when its result settles. */
function runTraced(span: Span, spanContext: Context, call: () => unknown): unknown {
  let result: unknown;
  try {
    result = context.with(spanContext, call);
  } catch (error) {
    endSpan(span, true, error);
    throw error;
  }
  if (isObservableLike(result)) {
    const source = result;
    return observeInContext(spanContext, () => source, (failed, error) => endSpan(span, failed, error));
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        endSpan(span, true, error);
        throw error;
      },
    );
  }
  span.end();
  return result;
}

function classNameOf(target: object): string {
  const owner = typeof target === 'function' ? target : target.constructor;
  return typeof owner?.name === 'string' && owner.name !== '' ? owner.name : 'anonymous';
}

/**
 * Method decorator for providers and controllers: each call runs in a child span of the active
 * span, named `name` or `ClassName.methodName`. Sync methods, Promise-returning (async) methods
 * and Observable-returning methods are covered; the span ends when the value is returned, the
 * Promise settles, or the Observable completes, errors or is unsubscribed (an Observable that is
 * never subscribed leaves its span open). An exception marks the span as an error, except an
 * `HttpException` with a status below 500. Nest's metadata on the method (route, guards, roles,
 * ...) is kept, whichever order the decorators are written in.
 *
 * @throws TypeError at class definition when an argument is invalid or the target is not a method.
 * @example
 * @Injectable()
 * export class UsersService {
 *   @Traced()
 *   async findOne(id: number): Promise<User> { ... }
 *
 *   @Traced('users.cache.lookup', { attributes: { 'cache.name': 'users' } })
 *   lookup(id: number): User | undefined { ... }
 * }
 */
export function Traced(name?: string, options?: TracedOptions): MethodDecorator {
  const checked = checkTracedArguments(name, options);
  return (target, propertyKey, descriptor) => {
    const original: unknown = descriptor.value;
    if (typeof original !== 'function') {
      throw new TypeError(`${PACKAGE_NAME}: @Traced() applies to methods; ${classNameOf(target)}.${String(propertyKey)} is not one`);
    }
    const spanName = name ?? `${classNameOf(target)}.${String(propertyKey)}`;
    const attributes: Attributes = { 'code.function.name': `${classNameOf(target)}.${String(propertyKey)}`, ...checked.attributes };
    if (checked.resource !== undefined) attributes['resource.name'] = checked.resource;
    const spanOptions: SpanOptions = { kind: checked.kind ?? SpanKind.INTERNAL, attributes };
    const method = original as (...args: unknown[]) => unknown;
    const traced = function (this: unknown, ...args: unknown[]): unknown {
      let span: Span;
      let spanContext: Context;
      try {
        const parent = context.active();
        span = tracedTracer().startSpan(spanName, spanOptions, parent);
        spanContext = trace.setSpan(parent, span);
      } catch {
        return method.apply(this, args);
      }
      return runTraced(span, spanContext, () => method.apply(this, args));
    };
    copyMethodIdentity(method, traced);
    descriptor.value = traced as typeof descriptor.value;
    return descriptor;
  };
}
