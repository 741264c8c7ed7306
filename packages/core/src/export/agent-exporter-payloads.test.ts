/**
 * How the exporter cuts and holds payloads: a size threshold sends a payload early, several
 * payloads queue behind a slow Agent under one `maxQueuedBytes`, and each payload's memory goes
 * back to the encoder once the Agent is done with it.
 */
import { describe, expect, it, vi } from 'vitest';
import { createEncoder } from '../encode/create-encoder.js';
import type { EncodedPayload } from '../encode/span-record.js';
import { decodeTraces, makeChunk, PlainRecordEncoder, plainEncodedSize } from './test-support.js';
import type { FakeAgent } from './test-support.js';
import { useExporterFixtures } from './exporter-fixtures.test-support.js';

const { agent, exporter } = useExporterFixtures();

/** Holds trace requests unanswered until `open()`; answers everything after that at once. */
async function gatedAgent(): Promise<{ fake: FakeAgent; waiting: () => number; open: () => void }> {
  const answers: Array<() => void> = [];
  let opened = false;
  const fake = await agent((request, res) => {
    const answer = (): void => void res.writeHead(200).end('{}');
    if (request.url === '/info' || opened) answer();
    else answers.push(answer);
  });
  return {
    fake,
    waiting: () => answers.length,
    open: () => {
      opened = true;
      for (const answer of answers.splice(0)) answer();
    },
  };
}

describe('AgentExporter payload size', () => {
  it('sends a payload once it passes 1 MiB by default, without waiting for the flush interval', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    const chunkBytes = plainEncodedSize(makeChunk(1, 10_000));
    for (let i = 0; i < 110; i++) subject.export(makeChunk(1, 10_000));
    await vi.waitFor(() => expect(fake.traceRequests).toHaveLength(1));
    const first = fake.traceRequests[0]!;
    expect(first.body.length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(first.body.length).toBeLessThan(1024 * 1024 + chunkBytes);
    const firstTraces = Number(first.headers['x-datadog-trace-count']);
    expect(firstTraces).toBeLessThan(110);

    await subject.flush();
    expect(fake.traceRequests.map((r) => Number(r.headers['x-datadog-trace-count']))).toEqual([firstTraces, 110 - firstTraces]);
  });

  it('queues several payloads behind a slow Agent and sends them one at a time, in order', async () => {
    const { fake, waiting, open } = await gatedAgent();
    const threshold = 10_000;
    const subject = exporter(fake.url, { flushThresholdBytes: threshold, requestTimeoutMs: 60_000 }, { maxQueuedBytes: 200_000 });
    const chunks = Array.from({ length: 50 }, () => makeChunk(1, 2000));
    for (const chunk of chunks) subject.export(chunk);
    await vi.waitFor(() => expect(waiting()).toBe(1));

    // One request at a time; the other payloads wait their turn, all counted against the cap.
    expect(fake.traceRequests).toHaveLength(1);
    const queued = subject.getStats();
    expect(queued).toMatchObject({ tracesQueued: 50, tracesDropped: 0 });
    expect(queued.queuedBytes).toBeGreaterThan(50 * 2000);
    expect(queued.queuedBytes).toBeLessThanOrEqual(200_000);

    open();
    await subject.flush();
    const chunkBytes = plainEncodedSize(chunks[0]!);
    expect(fake.traceRequests.length).toBeGreaterThanOrEqual(5);
    expect(fake.traceRequests.every((r) => r.body.length < threshold + chunkBytes)).toBe(true);
    expect(fake.traceRequests.flatMap((r) => decodeTraces(r.body))).toEqual(chunks);
    expect(subject.getStats()).toMatchObject({ tracesSent: 50, queuedBytes: 0 });
  });
});

describe('AgentExporter payload memory', () => {
  class RecyclingEncoder extends PlainRecordEncoder {
    readonly recycled: EncodedPayload[] = [];
    recycle(payload: EncodedPayload): void {
      this.recycled.push(payload);
    }
  }

  it('gives each payload back to the encoder once the Agent answered it, not before', async () => {
    const { fake, waiting, open } = await gatedAgent();
    const encoder = new RecyclingEncoder();
    const subject = exporter(fake.url, { createEncoder: () => encoder, flushThresholdBytes: 3000, requestTimeoutMs: 60_000 });
    for (let i = 0; i < 6; i++) subject.export(makeChunk(1, 1000));
    await vi.waitFor(() => expect(waiting()).toBe(1));
    expect(encoder.recycled).toEqual([]);

    open();
    await subject.flush();
    expect(encoder.recycled.length).toBe(fake.traceRequests.length);
    expect(new Set(encoder.recycled).size).toBe(encoder.recycled.length);
    expect(encoder.recycled.map((payload) => Buffer.from(payload.bytes))).toEqual(fake.traceRequests.map((r) => r.body));
  });

  it('keeps a payload that passes 1 MiB in a buffer of 1.25 MiB, not the next power of two', async () => {
    const fake = await agent();
    const bufferSizes: number[] = [];
    const subject = exporter(fake.url, {
      createEncoder: (version, options) => {
        const encoder = createEncoder(version, options);
        const takePayload = encoder.takePayload.bind(encoder);
        encoder.takePayload = () => {
          const payload = takePayload();
          bufferSizes.push(payload.bytes.buffer.byteLength);
          return payload;
        };
        return encoder;
      },
    });
    for (let i = 0; i < 110; i++) subject.export(makeChunk(1, 10_000));
    await vi.waitFor(() => expect(fake.traceRequests).toHaveLength(1));
    expect(fake.traceRequests[0]!.body.length).toBeGreaterThan(1024 * 1024);
    expect(bufferSizes[0]).toBe(1.25 * 1024 * 1024);
    await subject.flush();
  });

  it('gives back the payloads shutdown abandoned too', async () => {
    const fake = await agent((request, res) => {
      if (request.url === '/info') res.writeHead(404).end();
      // Trace requests are never answered.
    });
    const encoder = new RecyclingEncoder();
    const subject = exporter(fake.url, {
      createEncoder: () => encoder,
      flushThresholdBytes: 3000,
      requestTimeoutMs: 60_000,
      shutdownTimeoutMs: 50,
    });
    for (let i = 0; i < 6; i++) subject.export(makeChunk(1, 1000));
    await subject.shutdown();
    expect(subject.getStats().droppedByReason.shutdown.traces).toBe(6);
    expect(encoder.recycled.reduce((traces, payload) => traces + payload.traceCount, 0)).toBe(6);
  });
});

