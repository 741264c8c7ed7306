import type { IncomingHttpHeaders } from 'node:http';
import type { ProblemCollector } from './problems.js';
import type { DevAgentProblemKind, DevAgentProtocol } from './types.js';

/** The test agent's `trace_content_length` limit (50 MB). */
export const MAX_PAYLOAD_BYTES = 50_000_000;

/** Headers kept on each request record (lower-case). */
export const HEADERS_OF_INTEREST = [
  'content-type',
  'content-length',
  'transfer-encoding',
  'user-agent',
  'datadog-meta-lang',
  'datadog-meta-lang-version',
  'datadog-meta-lang-interpreter',
  'datadog-meta-lang-interpreter-vendor',
  'datadog-meta-tracer-version',
  'x-datadog-trace-count',
  'datadog-container-id',
  'datadog-entity-id',
  'datadog-external-env',
  'datadog-client-computed-stats',
  'datadog-client-computed-top-level',
  'datadog-client-dropped-p0-traces',
  'datadog-client-dropped-p0-spans',
  'datadog-send-real-http-status',
  'datadog-rates-payload-version',
] as const;

const REQUIRED_HEADERS: ReadonlyArray<readonly [string, DevAgentProblemKind, string]> = [
  ['datadog-meta-lang', 'header.meta-lang', 'Datadog-Meta-Lang'],
  ['datadog-meta-lang-version', 'header.meta-lang-version', 'Datadog-Meta-Lang-Version'],
  ['datadog-meta-tracer-version', 'header.meta-tracer-version', 'Datadog-Meta-Tracer-Version'],
];

export function pickHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of HEADERS_OF_INTEREST) {
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return picked;
}

/**
 * Header checks of the test agent (`trace_count_header`, `meta_tracer_version_header`,
 * `trace_content_length`) plus the headers every Datadog tracer sends.
 * `chunkCount` is undefined when the payload could not be read far enough to count its traces.
 */
export function validateHeaders(
  headers: IncomingHttpHeaders,
  protocol: DevAgentProtocol,
  chunkCount: number | undefined,
  collector: ProblemCollector,
): void {
  checkContentType(headers['content-type'], protocol, collector);
  if (headers['content-length'] === undefined) {
    collector.report('header.content-length', 'Content-Length header is missing (the body was sent chunked)', { field: 'Content-Length' });
  }
  for (const [name, kind, display] of REQUIRED_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string' || value.trim() === '') {
      collector.report(kind, `${display} header is missing`, { field: display });
    }
  }
  const traceCount = headers['x-datadog-trace-count'];
  checkTraceCount(Array.isArray(traceCount) ? traceCount.join(',') : traceCount, chunkCount, collector);
}

function checkContentType(value: string | undefined, protocol: DevAgentProtocol, collector: ProblemCollector): void {
  const field = 'Content-Type';
  if (value === undefined || value.trim() === '') {
    collector.report('header.content-type', 'Content-Type header is missing (expected application/msgpack)', { field });
    return;
  }
  const media = value.split(';')[0]?.trim().toLowerCase();
  const accepted = protocol === '0.4' ? ['application/msgpack', 'application/json'] : ['application/msgpack'];
  if (media === undefined || !accepted.includes(media)) {
    collector.report('header.content-type', `Content-Type ${value} is not supported on v${protocol} (expected ${accepted.join(' or ')})`, { field });
  }
}

function checkTraceCount(value: string | undefined, chunkCount: number | undefined, collector: ProblemCollector): void {
  const field = 'X-Datadog-Trace-Count';
  if (value === undefined) {
    collector.report('header.trace-count', 'X-Datadog-Trace-Count header is missing', { field });
    return;
  }
  if (!/^\s*\d+\s*$/.test(value)) {
    collector.report('header.trace-count', `X-Datadog-Trace-Count header is not an integer: ${JSON.stringify(value)}`, { field });
    return;
  }
  const count = Number(value);
  if (chunkCount !== undefined && count !== chunkCount) {
    collector.report('header.trace-count', `X-Datadog-Trace-Count is ${count} but the payload holds ${chunkCount} traces`, { field });
  }
}
