/**
 * While the Agent is stuck, memory held for it stays under `maxQueuedBytes`: the rest is
 * dropped, counted in `provider.getStats()` and reported once through `diag`; when the Agent
 * recovers, delivery resumes and the counts add up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { startTestProvider, until } from './guards.test-support.js';
import type { TestProvider } from './guards.test-support.js';
import { expectEverySpanAccounted, expectNothingEscaped } from './expectations.test-support.js';

let agent: FaultyAgent | undefined;
let subject: TestProvider | undefined;

afterEach(async () => {
  await subject?.close();
  await agent?.close();
  subject = agent = undefined;
});

describe('maxQueuedBytes while the Agent hangs', () => {
  it('holds at most the cap, counts and reports the drops, and resumes when the Agent answers again', async () => {
    const maxQueuedBytes = 64 * 1024;
    agent = await startFaultyAgent(always({ kind: 'hang' }));
    subject = startTestProvider(agent.url, { maxQueuedBytes });
    const { provider } = subject;

    let largestQueue = 0;
    // Traces of 3 spans, ~1 KiB encoded each; a flush every 20 traces keeps payloads moving
    // into the exporter's queue, as the flush timer would.
    for (let round = 0; round < 100; round++) {
      subject.createTraces(20, 3, 'burst');
      void provider.forceFlush();
      largestQueue = Math.max(largestQueue, provider.getStats()!.queuedBytes);
    }
    await until(() => agent!.openRequests > 0, 'the first request to hang');

    const stats = provider.getStats()!;
    // One trace past the cap at most: the check happens before a chunk is appended.
    expect(largestQueue).toBeLessThanOrEqual(maxQueuedBytes + 2048);
    expect(stats.droppedByReason.queueFull.spans).toBeGreaterThan(0);
    expect(stats.spansQueued + stats.droppedByReason.queueFull.spans).toBe(subject.created);
    expect(subject.log.count('warn', /Dropping traces: 65536 bytes \(maxQueuedBytes\)/)).toBe(1);

    agent.setPlan(always(HEALTHY));
    await provider.forceFlush();
    await until(() => provider.getStats()!.queuedBytes === 0, 'the queue to drain');
    await provider.forceFlush();
    subject.createTraces(10, 3, 'after');
    await provider.forceFlush();

    const final = provider.getStats()!;
    expect(final.spansSent).toBeGreaterThan(0);
    expect(agent.dev.spans().filter((span) => span.name.startsWith('after.'))).toHaveLength(30);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});
