/**
 * Test support (not shipped). The checks every fault scenario ends with: the app kept working
 * while the Agent misbehaved, nothing escaped into the process, and every span is accounted for.
 */
import { expect } from 'vitest';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { nextTurn, serveRequests } from './guards.test-support.js';
import type { AppServer, TestProvider } from './guards.test-support.js';

/**
 * Proves, without timing anything, that tracing never waits for the Agent: while the fault is
 * in effect, a burst of spans is created and ended synchronously, the event loop turns, and the
 * app answers requests; and the fault is still in effect afterwards.
 */
export async function expectAppKeepsWorking(
  subject: TestProvider,
  app: AppServer,
  faultInEffect: () => boolean,
): Promise<void> {
  expect(faultInEffect()).toBe(true);
  const servedBefore = app.served;
  const queuedBefore = subject.provider.getStats()!.spansQueued;
  const spans = subject.createTraces(300, 3, 'during');
  await nextTurn();
  await serveRequests(app, 5);
  expect(app.served).toBe(servedBefore + 5);
  expect(faultInEffect()).toBe(true);
  // The spans went into the pending payload rather than waiting for the Agent.
  expect(subject.provider.getStats()!.spansQueued).toBeGreaterThanOrEqual(queuedBefore + spans);
}

/** No unhandled rejection, no uncaught exception, no internal error of the pipeline. */
export function expectNothingEscaped(subject: TestProvider): void {
  expect(subject.faults.unhandledRejections).toEqual([]);
  expect(subject.faults.uncaughtExceptions).toEqual([]);
  expect(subject.log.messages.filter((m) => m.level === 'error' && /internal error|Unexpected error/.test(m.text))).toEqual([]);
}

/**
 * Once everything settled: sent + dropped = created, the Agent received exactly what was
 * counted as sent, nothing is left queued, and every received payload passed validation.
 */
export function expectEverySpanAccounted(subject: TestProvider, agent: FaultyAgent): void {
  const stats = subject.provider.getStats()!;
  expect(stats.spansSent + stats.spansDropped).toBe(subject.created);
  expect(agent.receivedSpans).toBe(stats.spansSent);
  expect(stats.queuedBytes).toBe(0);
  expect(agent.dev.problems()).toEqual([]);
}

/** Spans named `<name>.root` / `<name>.child` that reached the dev agent. */
export function receivedNamed(agent: FaultyAgent, name: string): number {
  return agent.dev.spans().filter((span) => span.name === `${name}.root` || span.name === `${name}.child`).length;
}
