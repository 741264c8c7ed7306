import type { LocalTrace } from './local-trace.js';
import type { DatadogSpan } from './span.js';

/** What a span needs from the provider that created it. */
export interface SpanPipeline {
  /** Called once when `end()` starts, while the span is still writable (SDK `onEnding`). Never throws. */
  onEnding(span: DatadogSpan): void;
  /** Called once, when the span has ended. Never throws. */
  onEnd(span: DatadogSpan): void;
  /** Applies `manual.keep` / `manual.drop` / `sampling.priority`; true when the key was one of them. */
  applyManualSampling(trace: LocalTrace, key: string, value: unknown): boolean;
  /** Runs the sampler for a trace nobody decided yet (see `LocalTrace.decideSampling`). Never throws. */
  decideSampling(trace: LocalTrace): void;
}
