import type { Span } from '@opentelemetry/api';
import type { HeaderTag } from '../config/options.js';
import type { HttpRequestLike, HttpResponseLike } from './http-types.js';

/** One header to tag, with its attribute names computed once. */
export interface CompiledHeaderTag {
  readonly header: string;
  /** Datadog tag for the request header (`http.request.headers.<h>` or the custom name). */
  readonly requestTag: string;
  readonly responseTag: string;
  /** OTel semconv attribute (`http.request.header.<h>`, a string array). */
  readonly otelRequestAttribute: string;
  readonly otelResponseAttribute: string;
}

/**
 * Merges `DD_TRACE_HEADER_TAGS` with the plugin's `headers` option; for a header listed in both,
 * the plugin's entry wins.
 */
export function compileHeaderTags(
  configured: readonly HeaderTag[],
  fromPlugin: readonly HeaderTag[],
): readonly CompiledHeaderTag[] {
  const byHeader = new Map<string, HeaderTag>();
  for (const entry of [...configured, ...fromPlugin]) byHeader.set(entry.header, entry);
  return Object.freeze(
    [...byHeader.values()].map(({ header, tag }) =>
      Object.freeze({
        header,
        requestTag: tag ?? `http.request.headers.${header}`,
        responseTag: tag ?? `http.response.headers.${header}`,
        otelRequestAttribute: `http.request.header.${header}`,
        otelResponseAttribute: `http.response.header.${header}`,
      }),
    ),
  );
}

function asList(value: number | string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String);
  return [String(value)];
}

/**
 * dd-trace-js semantics: a present request header and a present response header are both
 * tagged; with a custom tag name, the response value overwrites the request one.
 */
export function applyHeaderTags(
  span: Span,
  tags: readonly CompiledHeaderTag[],
  req: HttpRequestLike,
  res: HttpResponseLike,
): void {
  const requestHeaders = req.headers;
  for (const tag of tags) {
    const requestValues = asList(requestHeaders[tag.header]);
    if (requestValues !== undefined) {
      span.setAttribute(tag.requestTag, requestValues.join(', '));
      span.setAttribute(tag.otelRequestAttribute, requestValues);
    }
    const responseValues = asList(res.getHeader(tag.header));
    if (responseValues !== undefined) {
      span.setAttribute(tag.responseTag, responseValues.join(', '));
      span.setAttribute(tag.otelResponseAttribute, responseValues);
    }
  }
}
