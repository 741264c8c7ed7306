import { request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from '../index.js';
import { putV04, wireSpan } from '../test-support.js';

interface ServerSentEvent {
  event: string;
  data: unknown;
}

/** Opens `GET /api/events` and collects the events as they arrive. */
function openEvents(agent: DevAgent): Promise<{ response: IncomingMessage; events: ServerSentEvent[]; next(name: string): Promise<ServerSentEvent> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${agent.url}/api/events`, (response) => {
      const events: ServerSentEvent[] = [];
      const waiters: Array<() => void> = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
        for (const waiter of waiters.splice(0)) waiter();
      });
      const next = (name: string): Promise<ServerSentEvent> =>
        new Promise((found) => {
          const check = (): void => {
            const index = events.findIndex((event) => event.event === name);
            if (index >= 0) found(events.splice(index, 1)[0] as ServerSentEvent);
            else waiters.push(check);
          };
          check();
        });
      resolve({ response, events, next });
    });
    req.on('error', reject);
    req.end();
  });
}

const agents: DevAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

describe('GET /api/events', () => {
  it('streams hello, one event per payload and clear', async () => {
    const agent = await startDevAgent();
    agents.push(agent);
    const stream = await openEvents(agent);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(await stream.next('hello')).toEqual({ event: 'hello', data: expect.objectContaining({ traces: 0, droppedTraces: 0 }) });
    await putV04(agent, [[wireSpan(), wireSpan({ span_id: 2n, parent_id: 0x1234n, meta: { n: 1 } })]]);
    expect((await stream.next('request')).data).toEqual({ id: 1, status: 400, traceCount: 1, spanCount: 2, problemCount: 1 });
    agent.clear();
    expect((await stream.next('clear')).data).toEqual({});
    stream.response.destroy();
  });

  it('ends the stream when the agent closes, and stops listening to the store', async () => {
    const agent = await startDevAgent();
    const stream = await openEvents(agent);
    await stream.next('hello');
    const ended = new Promise<void>((resolve) => stream.response.once('close', resolve));
    await agent.close();
    await ended;
    expect(stream.response.complete).toBe(true);
  });
});
