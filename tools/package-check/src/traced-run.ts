/**
 * Runs a traced fixture app (from a packed-install project or a bundle) against a dev agent and
 * returns the spans it sent. The app must exit by itself: tracing must not keep it alive.
 */
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { expect } from 'vitest';
import { describeResult, runCommand } from './run-command.js';
import { cleanEnv } from './temp-projects.js';

export interface TracedRun {
  /** The JSON line the fixture printed last. */
  output: Record<string, unknown>;
  spans: DevAgentSpan[];
}

export async function runTracedApp(agent: DevAgent, cwd: string, script: string, service: string): Promise<TracedRun> {
  const result = await runCommand(process.execPath, [script], {
    cwd,
    env: cleanEnv({ DD_TRACE_AGENT_URL: agent.url, FIXTURE_SERVICE: service, DD_TRACE_OTEL_ENABLED: '' }),
    timeoutMs: 30_000,
  });
  expect(result.code, describeResult(result)).toBe(0);
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  const output = JSON.parse(lastLine) as Record<string, unknown>;
  const spans = await agent.waitFor((all) => {
    const mine = all.filter((span) => span.service === service);
    return mine.length >= 2 ? mine : undefined;
  });
  return { output, spans };
}

/** What every traced fixture produces: a request span with its route and a child span in it. */
export function expectRequestTrace(run: TracedRun): void {
  expect(run.output).toMatchObject({ status: 200, body: { id: '42' } });
  const request = run.spans.find((span) => span.name === 'express.request');
  const child = run.spans.find((span) => span.name === 'load.user');
  expect(request, JSON.stringify(run.spans)).toBeDefined();
  expect(request).toMatchObject({ resource: 'GET /users/:id', type: 'web', error: 0 });
  expect(request!.meta['http.status_code']).toBe('200');
  expect(child).toMatchObject({ traceId: request!.traceId, parentId: request!.spanId });
  expect(child!.meta['user.id']).toBe('42');
}
