import { describe, expect, it } from 'vitest';
import { AgentInfoClient, parseAgentInfo } from './agent-info.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

function scriptedTransport(answers: Array<TransportResponse | Error>): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    send(request) {
      requests.push(request);
      const answer = answers.shift() ?? new Error('no more answers');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    destroy() {},
  };
}

describe('parseAgentInfo', () => {
  it('reads span_events, version and endpoints', () => {
    expect(parseAgentInfo('{"version":"7.60.0","span_events":true,"endpoints":["/v0.4/traces",3]}')).toEqual({
      spanEvents: true,
      version: '7.60.0',
      endpoints: ['/v0.4/traces'],
    });
  });

  it('treats anything but true as no span_events support', () => {
    expect(parseAgentInfo('{"span_events":"true"}')?.spanEvents).toBe(false);
  });

  it.each(['', 'OK', '[]', 'null', '{'])('rejects %j', (body) => {
    expect(parseAgentInfo(body)).toBeUndefined();
  });
});

describe('AgentInfoClient', () => {
  it('asks once, unref\'d, and remembers the answer', async () => {
    const transport = scriptedTransport([{ statusCode: 200, body: '{"span_events":true}' }]);
    const client = new AgentInfoClient({ transport, timeoutMs: 123 });
    client.refreshIfNeeded();
    client.refreshIfNeeded();
    await client.settled();
    client.refreshIfNeeded();
    expect(transport.requests).toEqual([{ method: 'GET', path: '/info', timeoutMs: 123, unref: true }]);
    expect(client.info?.spanEvents).toBe(true);
  });

  it('retries a failure only after the retry interval', async () => {
    let now = 1_000;
    const transport = scriptedTransport([
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      { statusCode: 503, body: '' },
      { statusCode: 200, body: '{"span_events":true}' },
    ]);
    const client = new AgentInfoClient({ transport, retryIntervalMs: 60_000, now: () => now });
    client.refreshIfNeeded();
    await client.settled();
    now += 59_999;
    client.refreshIfNeeded();
    expect(transport.requests).toHaveLength(1);
    now += 1;
    client.refreshIfNeeded();
    await client.settled();
    expect(client.info).toBeUndefined();
    now += 60_000;
    client.refreshIfNeeded();
    await client.settled();
    expect(transport.requests).toHaveLength(3);
    expect(client.info?.spanEvents).toBe(true);
  });

  it('takes 404 (an Agent without /info) as a final "no span events"', async () => {
    const transport = scriptedTransport([{ statusCode: 404, body: 'not found' }]);
    const client = new AgentInfoClient({ transport, retryIntervalMs: 0 });
    client.refreshIfNeeded();
    await client.settled();
    client.refreshIfNeeded();
    expect(transport.requests).toHaveLength(1);
    expect(client.info?.spanEvents).toBe(false);
  });

  it('stops asking once closed', () => {
    const transport = scriptedTransport([]);
    const client = new AgentInfoClient({ transport });
    client.close();
    client.refreshIfNeeded();
    expect(transport.requests).toHaveLength(0);
  });
});
