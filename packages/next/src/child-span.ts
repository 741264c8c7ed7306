import type { MappingSettings } from './mapping-settings.js';
import { isFetchSpanType, mapFetchSpan } from './fetch-span.js';
import type { WritableSpanView } from './span-view.js';

const MAX_CACHED_NAMES = 256;
const operationNames = new Map<string, string>();

/**
 * Stable Datadog operation name for a Next span type: `next.` + the type in snake case, with the
 * redundant `Next` class prefix dropped. One name per type, so monitors keep working when Next
 * renames its spans (`render route (app) /x`) but not when it adds new types.
 *
 * @example
 * childOperationName('AppRender.getBodyResult') // 'next.app_render.get_body_result'
 * childOperationName('NextNodeServer.findPageComponents') // 'next.node_server.find_page_components'
 */
export function childOperationName(spanType: string): string {
  let name = operationNames.get(spanType);
  if (name === undefined) {
    name = computeOperationName(spanType);
    // Span types are a fixed set in Next; the cap only guards against a custom tracer misusing the attribute.
    if (operationNames.size < MAX_CACHED_NAMES) operationNames.set(spanType, name);
  }
  return name;
}

function computeOperationName(spanType: string): string {
  const segments = spanType
    .split('.')
    .map((segment, index) => (index === 0 ? segment.replace(/^Next(?=[A-Z]|$)/, '') : segment))
    .filter((segment) => segment !== '')
    .map(snakeCase)
    .filter((segment) => segment !== '');
  return segments.length === 0 ? 'next.span' : `next.${segments.join('.')}`;
}

function snakeCase(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** The Next span name without any query string, e.g. `render route (app) /blog/[slug]`. */
export function childResource(spanName: string): string {
  const mark = spanName.indexOf('?');
  return mark === -1 ? spanName : spanName.slice(0, mark);
}

/** Maps a Next span other than the request span: stable operation name, readable resource. */
export function mapChildSpan(span: WritableSpanView, spanType: string, settings: MappingSettings): void {
  if (isFetchSpanType(spanType)) {
    mapFetchSpan(span, settings);
    return;
  }
  span.setAttributes({
    'operation.name': childOperationName(spanType),
    'resource.name': childResource(span.name),
    component: 'next',
  });
}
