import type { DevAgentProblem, DevAgentProblemKind, DevAgentProblemSeverity } from './types.js';

const SEVERITY: Record<DevAgentProblemKind, DevAgentProblemSeverity> = {
  'payload.too-large': 'error',
  'payload.decode': 'error',
  'payload.shape': 'error',
  'v05.string-table': 'error',
  'v05.span-length': 'error',
  'v05.string-index': 'error',
  'span.missing-field': 'error',
  'span.field-type': 'error',
  'span.meta-type': 'error',
  'span.metrics-type': 'error',
  'span.meta-struct': 'error',
  'span.span-events': 'error',
  'span.span-links': 'error',
  'header.content-type': 'warning',
  'header.content-length': 'warning',
  'header.meta-lang': 'warning',
  'header.meta-lang-version': 'warning',
  'header.meta-tracer-version': 'warning',
  'header.trace-count': 'warning',
  'span.meta-events-json': 'warning',
  'span.meta-span-links-json': 'warning',
  'chunk.trace-id-mismatch': 'warning',
  'string.invalid-utf8': 'warning',
};

export function severityOf(kind: DevAgentProblemKind): DevAgentProblemSeverity {
  return SEVERITY[kind];
}

/** Where in a payload a problem was found. */
export interface ProblemLocation {
  traceIndex?: number;
  spanIndex?: number;
  spanId?: string;
  field?: string;
}

/** Collects the problems of one request. */
export class ProblemCollector {
  readonly problems: DevAgentProblem[] = [];

  constructor(readonly requestId: number) {}

  report(kind: DevAgentProblemKind, message: string, location: ProblemLocation = {}): void {
    const problem: DevAgentProblem = { kind, severity: severityOf(kind), message, requestId: this.requestId };
    if (location.traceIndex !== undefined) problem.traceIndex = location.traceIndex;
    if (location.spanIndex !== undefined) problem.spanIndex = location.spanIndex;
    if (location.spanId !== undefined) problem.spanId = location.spanId;
    if (location.field !== undefined) problem.field = location.field;
    this.problems.push(problem);
  }

  hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === 'error');
  }
}

/** One line describing a problem, for logs and timeout messages. */
export function describeProblem(problem: DevAgentProblem): string {
  const where: string[] = [];
  if (problem.traceIndex !== undefined) where.push(`trace ${problem.traceIndex}`);
  if (problem.spanIndex !== undefined) where.push(`span ${problem.spanIndex}`);
  if (problem.spanId !== undefined) where.push(`id ${problem.spanId}`);
  if (problem.field !== undefined) where.push(problem.field);
  const suffix = where.length > 0 ? ` (${where.join(', ')})` : '';
  return `[${problem.severity} ${problem.kind}] ${problem.message}${suffix}`;
}
