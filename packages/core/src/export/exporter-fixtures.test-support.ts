import { afterEach } from 'vitest';
import { AgentExporter } from './agent-exporter.js';
import type { AgentExporterOptions } from './agent-exporter.js';
import { PlainRecordEncoder, startFakeAgent } from './test-support.js';
import type { FakeAgent, FakeAgentHandler, FakeAgentListenOptions } from './test-support.js';

export interface ExporterFixtures {
  /** Run after the current test, last registered first. */
  cleanups: Array<() => Promise<void> | void>;
  /** A fake Agent closed after the test. */
  agent(handler?: FakeAgentHandler, listen?: FakeAgentListenOptions): Promise<FakeAgent>;
  /**
   * An exporter of plain records to `url`, shut down after the test. `config` is loosely typed so
   * tests can pass invalid values on purpose.
   */
  exporter(url: string, overrides?: Partial<AgentExporterOptions>, config?: object): AgentExporter;
}

/**
 * The exporter test files' shared set-up: a fake Agent and an AgentExporter with a plain-record
 * encoder and no flush timer of its own, both torn down after each test. `defaults` are options
 * every exporter of the file gets (before a test's own overrides).
 */
export function useExporterFixtures(defaults: Partial<AgentExporterOptions> = {}): ExporterFixtures {
  const cleanups: ExporterFixtures['cleanups'] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });
  return {
    cleanups,
    async agent(handler, listen) {
      const fake = await startFakeAgent(handler, listen);
      cleanups.push(() => fake.close());
      return fake;
    },
    exporter(url, overrides = {}, config = {}) {
      const instance = new AgentExporter({
        config: { agentUrl: url, protocolVersion: '0.4', flushIntervalMs: 60_000, maxQueuedBytes: 16 * 1024 * 1024, ...config },
        createEncoder: (version) => new PlainRecordEncoder(version),
        tracerVersion: '1.2.3',
        containerIdentity: { containerId: undefined, entityId: undefined },
        ...defaults,
        ...overrides,
      });
      cleanups.push(() => instance.shutdown());
      return instance;
    },
  };
}
