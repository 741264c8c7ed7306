import { describeProblem } from './problems.js';
import type { DevAgentRequest } from './types.js';

/** The log lines for one received payload: a summary line, then one line per problem. */
export function formatRequestLines(request: DevAgentRequest): string[] {
  const time = new Date(request.receivedAt).toISOString().slice(11, 23);
  const client = [request.headers['datadog-meta-lang'], request.headers['datadog-meta-lang-version'], request.headers['datadog-meta-tracer-version']]
    .filter((part): part is string => part !== undefined)
    .join(' ');
  const summary =
    `${time} ${request.method} ${request.path} -> ${request.status}: ` +
    `${plural(request.traceCount, 'trace')}, ${plural(request.spanCount, 'span')}, ${formatBytes(request.byteSize)}, ` +
    `${plural(request.problems.length, 'problem')}${client === '' ? '' : ` (${client})`}`;
  return [summary, ...request.problems.map((problem) => `    ! ${describeProblem(problem)}`)];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
