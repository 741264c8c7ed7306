import type { SpanOptions } from '@opentelemetry/api';

/**
 * `source[key]`, or undefined when reading it throws (a throwing getter or a revoked proxy must
 * not cost the app its span). One named load per field rather than `source[key]`: the five
 * fields shared one keyed load, which V8 then treated as megamorphic (~120 instructions per
 * field through its generic stub, each span); inlined with a constant key, the switch folds away.
 */
function read(source: SpanOptions, key: keyof SpanOptions): unknown {
  try {
    switch (key) {
      case 'attributes':
        return source.attributes;
      case 'links':
        return source.links;
      case 'startTime':
        return source.startTime;
      case 'kind':
        return source.kind;
      case 'root':
        return source.root;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** The app's `SpanOptions`, each field read once and guarded, into a plain object. Never throws. */
export function readSpanOptions(options: unknown): SpanOptions {
  if (options === null || typeof options !== 'object') return {};
  const source = options as SpanOptions;
  return {
    attributes: read(source, 'attributes') as SpanOptions['attributes'],
    links: read(source, 'links') as SpanOptions['links'],
    startTime: read(source, 'startTime') as SpanOptions['startTime'],
    kind: read(source, 'kind') as SpanOptions['kind'],
    root: read(source, 'root') as SpanOptions['root'],
  };
}
