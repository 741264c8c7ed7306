import type { SpanOptions } from '@opentelemetry/api';

function read(source: object, key: keyof SpanOptions): unknown {
  try {
    return (source as Record<string, unknown>)[key];
  } catch {
    return undefined; // a throwing getter or a revoked proxy must not cost the app its span
  }
}

/** The app's `SpanOptions`, each field read once and guarded, into a plain object. Never throws. */
export function readSpanOptions(options: unknown): SpanOptions {
  if (options === null || typeof options !== 'object') return {};
  return {
    attributes: read(options, 'attributes') as SpanOptions['attributes'],
    links: read(options, 'links') as SpanOptions['links'],
    startTime: read(options, 'startTime') as SpanOptions['startTime'],
    kind: read(options, 'kind') as SpanOptions['kind'],
    root: read(options, 'root') as SpanOptions['root'],
  };
}
