import { beforeEach, describe, expect, it } from 'vitest';
import { FASTIFY_MAJORS, listen } from './harness.test-support.js';
import { buildTestApp } from './test-app.test-support.js';
import { useTestTracing } from './traced-test-app.test-support.js';

/**
 * Sampling rules see a request span as it ends: its resource (`GET /hello`, named when the
 * response is done) and its status tags, as with dd-trace-js. The usual reason to write such a
 * rule is to drop health checks.
 */
const tracing = useTestTracing({
  rateLimit: -1,
  samplingRules: [
    { resource: 'GET /hello', sampleRate: 0 },
    { tags: { 'http.status_code': '5*' }, sampleRate: 1 },
  ],
});

describe.each(FASTIFY_MAJORS)('sampling rules on request spans, $label', ({ Fastify }) => {
  beforeEach(() => tracing.agent.clear());

  it('drops the requests of a route a resource rule names, keeps the others', async () => {
    const { app } = await buildTestApp(Fastify);
    const base = await listen(app);
    await fetch(`${base}/hello`);
    await fetch(`${base}/unavailable`);
    await fetch(`${base}/sync`);
    const [hello, unavailable, sync] = await Promise.all(['/hello', '/unavailable', '/sync'].map((path) => tracing.requestSpanFor(path)));
    await app.close();
    expect([hello!.resource, hello!.metrics._sampling_priority_v1, hello!.metrics['_dd.rule_psr']]).toEqual(['GET /hello', -1, 0]);
    // Matched on the status tag set when the response ended: kept by the rule (USER_KEEP).
    expect([unavailable!.metrics._sampling_priority_v1, unavailable!.meta['_dd.p.dm']]).toEqual([2, '-3']);
    // No rule: the Agent's rate (1) keeps it.
    expect([sync!.metrics._sampling_priority_v1, sync!.metrics['_dd.rule_psr']]).toEqual([1, undefined]);
  });
});
