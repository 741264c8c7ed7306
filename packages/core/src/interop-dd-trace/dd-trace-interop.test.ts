import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_KEEP, AUTO_REJECT, USER_KEEP, USER_REJECT } from '../sampling/priority.js';
import { chunkTagValues, prioritiesBySpan, SPANS_PER_HOP, waitForHop } from './hop-spans.test-support.js';
import { getJson, startService } from './service-process.test-support.js';
import type { RunningService } from './service-process.test-support.js';
import { newUpstreamContext, STYLE_CASES, UPSTREAM_KEEP_MECHANISM } from './style-cases.test-support.js';
import type { ServiceName } from './style-cases.test-support.js';

/**
 * Interop with the real dd-trace@5 (issue 3): a service traced by dd-trace and one traced by the
 * built @dd-otel/core call each other over HTTP, both ways, with the same propagation style on
 * both sides. The dev agent, which receives both services' spans, shows one trace id (all 128
 * bits), the right parent links and one sampling decision, whether the first service decides or
 * an upstream service already did.
 */

interface Direction {
  readonly label: string;
  readonly first: ServiceName;
  readonly second: ServiceName;
  readonly route: string;
}

const DIRECTIONS: readonly Direction[] = [
  { label: 'dd-trace calls dd-otel', first: 'ddtrace-svc', second: 'ddotel-svc', route: '/call-otel' },
  { label: 'dd-otel calls dd-trace', first: 'ddotel-svc', second: 'ddtrace-svc', route: '/call-ddtrace' },
];

const SAMPLING_CASES: ReadonlyArray<{ readonly label: string; readonly upstreamPriority: number | undefined }> = [
  { label: 'no incoming context: the first service decides', upstreamPriority: undefined },
  { label: 'upstream decided USER_KEEP (2)', upstreamPriority: USER_KEEP },
  { label: 'upstream decided AUTO_REJECT (0)', upstreamPriority: AUTO_REJECT },
  { label: 'upstream decided USER_REJECT (-1)', upstreamPriority: USER_REJECT },
];

const ZERO_HEX16 = '0000000000000000';
// Before the Agent's first answer a tracer uses its default rate (`-0`), after it the Agent's (`-1`).
const FIRST_SERVICE_MECHANISM = /^-[01]$/;

let agent: DevAgent;

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
});

afterAll(async () => {
  await agent?.close();
});

describe.each(STYLE_CASES)('propagation style: $label', (style) => {
  const services = new Map<ServiceName, RunningService>();

  beforeAll(async () => {
    const names: ServiceName[] = ['ddtrace-svc', 'ddotel-svc'];
    const started = await Promise.all(names.map((name) => startService(name, agent.url, style.env)));
    for (const service of started) services.set(service.name, service);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
  });

  describe.each(DIRECTIONS)('$label', ({ first, second, route }) => {
    it.each(SAMPLING_CASES)('$label', async ({ upstreamPriority }) => {
      const caller = services.get(first)!;
      const callee = services.get(second)!;
      const upstream = upstreamPriority === undefined ? undefined : newUpstreamContext(upstreamPriority);
      const headers = upstream === undefined ? {} : style.upstreamHeaders(upstream);

      const { status, body } = await getJson(caller.port, `${route}?port=${callee.port}`, headers);
      expect(status, `${JSON.stringify(body)}\n${caller.output()}\n${callee.output()}`).toBe(200);
      const traceId = upstream?.traceId ?? body.traceId;
      // What each service saw in process; checked first so a broken trace fails fast, not on a wait.
      expect(body.traceId, 'trace id in the first service').toBe(traceId);
      expect(body.downstream?.traceId, 'trace id in the second service').toBe(traceId);
      const hop = await waitForHop(agent, traceId, first, second);

      // One trace: every span carries the same 128-bit id, upper half included (`_dd.p.tid`).
      expect(hop.all).toHaveLength(SPANS_PER_HOP);
      expect(traceId.slice(0, 16)).not.toBe(ZERO_HEX16);
      expect(hop.all.map((span) => span.traceId128)).toEqual(hop.all.map(() => traceId));
      for (const service of [first, second]) {
        expect(chunkTagValues(hop.all, service, '_dd.p.tid'), service).toEqual([traceId.slice(0, 16)]);
      }

      // Parent links: upstream → first SERVER → first CLIENT → second SERVER.
      expect(hop.firstServer.parentId).toBe(upstream?.parentId ?? ZERO_HEX16);
      expect(hop.firstClient.parentId).toBe(hop.firstServer.spanId);
      expect(hop.secondServer.parentId).toBe(hop.firstClient.spanId);
      expect(hop.secondServer.spanId).toBe(body.downstream?.spanId);

      // One sampling decision: made upstream or by the first service, and kept downstream.
      const firstPriority = upstream === undefined ? AUTO_KEEP : style.receivedPriority(upstream.priority, 'upstream');
      const secondPriority = style.receivedPriority(firstPriority, first);
      expect(prioritiesBySpan(hop)).toEqual({
        firstServer: firstPriority,
        firstClient: firstPriority,
        secondServer: secondPriority,
      });
      expect(new Set(hop.all.map((span) => (span.metrics._sampling_priority_v1 ?? 0) > 0)).size).toBe(1);

      // Decision maker: set by whoever decided, carried along where the style has trace tags,
      // and absent on a trace that is dropped.
      const firstMechanism = chunkTagValues(hop.all, first, '_dd.p.dm');
      if (upstream === undefined) {
        expect(firstMechanism).toEqual([expect.stringMatching(FIRST_SERVICE_MECHANISM)]);
      } else {
        expect(firstMechanism).toEqual(style.carriesTraceTags && firstPriority > 0 ? [UPSTREAM_KEEP_MECHANISM] : []);
      }
      const secondMechanism = chunkTagValues(hop.all, second, '_dd.p.dm');
      expect(secondMechanism).toEqual(style.carriesTraceTags && secondPriority > 0 ? firstMechanism : []);

      expect(agent.problems()).toEqual([]);
    });
  });
});
