/**
 * Test support (not shipped). Plays a generated `SpanScript` against a real tracer: every call
 * is made exactly as an app would make it, and any exception that escapes is recorded (the
 * property is that there are none).
 */
import { ROOT_CONTEXT, defaultTextMapSetter, trace } from '@opentelemetry/api';
import type { Span, SpanContext, SpanOptions, TextMapPropagator, Tracer } from '@opentelemetry/api';
import { materialize } from './hostile-values.test-support.js';
import type { SpanOperation, SpanScript } from './hostile-values.test-support.js';

export interface ScriptOutcome {
  /** Calls that threw into the "app", as `method: error`. */
  escaped: string[];
  /** Spans that were recording when created, so must reach the Agent. */
  recordingSpans: number;
  /** API calls made. */
  calls: number;
}

function describeThrow(method: string, error: unknown): string {
  try {
    return `${method}: ${error instanceof Error ? error.message : String(error)}`;
  } catch {
    return `${method}: <unprintable>`;
  }
}

/** Calls `span[method](...args)` as untyped app code would. */
function callOn(target: object, method: string, args: readonly unknown[]): unknown {
  return (target as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
}

/** Plays `generated` after building its hostile values afresh (see `Hostile`). */
export function playScript(tracer: Tracer, propagator: TextMapPropagator, generated: SpanScript): ScriptOutcome {
  const script = materialize(generated) as SpanScript;
  const outcome: ScriptOutcome = { escaped: [], recordingSpans: 0, calls: 0 };
  const attempt = <T>(method: string, run: () => T): T | undefined => {
    outcome.calls++;
    try {
      return run();
    } catch (error) {
      outcome.escaped.push(describeThrow(method, error));
      return undefined;
    }
  };

  let parentContext = ROOT_CONTEXT;
  let localParent: Span | undefined;
  if (script.parentKind === 'local') {
    localParent = tracer.startSpan('hostile.parent');
    outcome.recordingSpans++;
    parentContext = trace.setSpan(ROOT_CONTEXT, localParent);
  } else if (script.parentKind === 'remote') {
    parentContext = trace.setSpanContext(ROOT_CONTEXT, script.parent as SpanContext);
  }

  const span = attempt('startSpan', () =>
    tracer.startSpan(script.name as string, script.options as SpanOptions, parentContext),
  );
  if (span === undefined) return outcome;
  if (attempt('isRecording', () => span.isRecording())) outcome.recordingSpans++;
  attempt('spanContext', () => span.spanContext().traceState?.serialize());
  // Propagating the span's context downstream, as an HTTP client instrumentation would.
  attempt('inject', () => propagator.inject(trace.setSpan(ROOT_CONTEXT, span), {}, defaultTextMapSetter));

  for (const [method, ...args] of script.operations as SpanOperation[]) {
    if (method === 'child') {
      const child = attempt('startSpan(child)', () =>
        tracer.startSpan(args[0] as string, args[1] as SpanOptions, trace.setSpan(ROOT_CONTEXT, span)),
      );
      if (child === undefined) continue;
      if (attempt('isRecording', () => child.isRecording())) outcome.recordingSpans++;
      attempt('end(child)', () => child.end());
      continue;
    }
    attempt(method, () => callOn(span, method, args));
  }

  attempt('end', () => span.end(script.endTime as number));
  attempt('inject (ended)', () => propagator.inject(trace.setSpan(ROOT_CONTEXT, span), {}, defaultTextMapSetter));
  if (script.endTwice) attempt('end (again)', () => span.end());
  if (localParent) attempt('end(parent)', () => localParent.end());
  return outcome;
}
