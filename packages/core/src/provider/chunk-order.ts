import type { DatadogSpan } from '../span/span.js';

/**
 * Spans arrive in end order, so the local root is usually last; Datadog expects the trace-level
 * tags (`_dd.p.*`), which go on a chunk's first span, on the root, as dd-trace-js sends them.
 */
export function putLocalRootFirst(chunk: DatadogSpan[]): void {
  for (let i = chunk.length - 1; i > 0; i--) {
    if (chunk[i]!.isLocalRoot) {
      const root = chunk[i]!;
      // A loop, not `copyWithin`: V8's generic `Array#copyWithin` costs ~40 ns per element.
      for (let j = i; j > 0; j--) chunk[j] = chunk[j - 1]!;
      chunk[0] = root;
      return;
    }
  }
}
