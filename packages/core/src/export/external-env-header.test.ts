/**
 * `DD_EXTERNAL_ENV` end to end: read from the process environment by the provider, sent on every
 * trace request the dev agent receives (spec §7.2).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { captureDiag } from '../config/diag-capture.test-support.js';
import type { DiagCapture } from '../config/diag-capture.test-support.js';
import { startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

const ADMISSION_CONTROLLER_VALUE = 'it-false,cn-web,pu-75a2b6d5-3949-4afb-ad0d-92ff0674e759';

let harness: Harness | undefined;
let capture: DiagCapture | undefined;
afterEach(async () => {
  delete process.env['DD_EXTERNAL_ENV'];
  await harness?.close();
  capture?.restore();
  harness = capture = undefined;
});

/** A provider started with `DD_EXTERNAL_ENV=value`, after two flushes of one span each. */
async function twoPayloadsWith(value: string): Promise<Harness> {
  process.env['DD_EXTERNAL_ENV'] = value;
  harness = await startHarness({ logLevel: 'warn' });
  for (const name of ['first', 'second']) {
    harness.tracer.startSpan(name).end();
    await harness.collect(1);
  }
  return harness;
}

describe('DD_EXTERNAL_ENV', () => {
  it('is sent as Datadog-External-Env on every trace request', async () => {
    const { agent } = await twoPayloadsWith(ADMISSION_CONTROLLER_VALUE);
    const requests = agent.requests();
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.headers['datadog-external-env']).toBe(ADMISSION_CONTROLLER_VALUE);
    expect(agent.problems()).toEqual([]);
  });

  it('with a newline in it: one warning naming the variable, no header, and the traces still arrive', async () => {
    capture = captureDiag();
    const { agent } = await twoPayloadsWith('it-false\ncn-web');
    expect(agent.spans().map((span) => span.name)).toEqual(['first', 'second']);
    for (const request of agent.requests()) expect(request.headers['datadog-external-env']).toBeUndefined();
    expect(capture.warnings.filter((message) => message.includes('DD_EXTERNAL_ENV'))).toHaveLength(1);
    expect(capture.errors).toEqual([]);
  });
});
