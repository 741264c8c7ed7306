/**
 * Test factories for the mapper: hand-built `FinishedSpanData`, `LocalTraceData`,
 * `ResolvedConfig` and `MappingContext`. Test-only; nothing in the package imports it.
 */
import { SpanKind, SpanStatusCode } from '../internal/otel-api.js';
import type { ResolvedConfig } from '../config/options.js';
import type { FinishedSpanData, LocalTraceData } from '../span/span-data.js';
import type { MappingContext } from './map-chunk.js';

export const TEST_TRACE_ID_64 = '0000000000000000a1b2c3d4e5f60718';
export const TEST_TRACE_ID_128 = '6553f1a200000000a1b2c3d4e5f60718';
export const TEST_RUNTIME_ID = '2d1e1c7a-6b3e-4b5f-9a55-2b4c7f1e0a11';
export const TEST_PID = 4242;
/** 2026-01-01T00:00:00.000Z in epoch ms. */
export const TEST_START_MS = 1_767_225_600_000;

export function testConfig(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    enabled: true,
    service: 'checkout',
    env: 'prod',
    version: '1.2.3',
    tags: {},
    agentUrl: 'http://127.0.0.1:8126',
    protocolVersion: '0.4',
    flushIntervalMs: 2000,
    flushMinSpans: 1000,
    maxQueuedBytes: 16 * 1024 * 1024,
    externalEnv: undefined,
    nativeSpanEvents: 'auto',
    naming: 'datadog',
    traceId128BitGeneration: true,
    reportHostname: false,
    sampleRate: undefined,
    samplingRules: [],
    spanSamplingRules: [],
    rateLimit: 100,
    propagationInject: ['datadog', 'tracecontext', 'baggage'],
    propagationExtract: ['datadog', 'tracecontext', 'baggage'],
    propagationExtractFirst: false,
    propagationBehaviorExtract: 'continue',
    xDatadogTagsMaxLength: 512,
    baggageMaxItems: 64,
    baggageMaxBytes: 8192,
    baggageTagKeys: ['user.id', 'session.id', 'account.id'],
    headerTags: [],
    queryStringObfuscation: undefined,
    isServerErrorStatus: (status: number) => status >= 500 && status <= 599,
    clientIpEnabled: false,
    clientIpHeader: undefined,
    resourceRenamingEnabled: false,
    logLevel: 'warn',
    spanProcessors: [],
    runtimeId: TEST_RUNTIME_ID,
    ...overrides,
  };
}

export function testContext(
  overrides: Partial<MappingContext> = {},
  configOverrides: Partial<ResolvedConfig> = {},
): MappingContext {
  return {
    config: testConfig(configOverrides),
    nativeSpanEvents: false,
    protocolVersion: '0.4',
    processId: TEST_PID,
    ...overrides,
  };
}

export function testTrace(overrides: Partial<LocalTraceData> = {}): LocalTraceData {
  return {
    traceId: TEST_TRACE_ID_64,
    samplingPriority: 1,
    samplingMechanism: 0,
    origin: undefined,
    tags: { '_dd.p.dm': '-0' },
    rootMetrics: {},
    ...overrides,
  };
}

type MutableSpan = { -readonly [K in keyof FinishedSpanData]: FinishedSpanData[K] };

/**
 * A finished local-root INTERNAL span named `custom.operation`, 1.5 ms long, with no
 * attributes, events, links or error. Children: pass `parentSpanIdHex` and `isLocalRoot: false`.
 */
export function testSpan(overrides: Partial<MutableSpan> = {}): FinishedSpanData {
  return {
    name: 'custom.operation',
    kind: SpanKind.INTERNAL,
    spanIdHex: 'a1b2c3d4e5f60718',
    parentSpanIdHex: undefined,
    isLocalRoot: true,
    hasRemoteParent: false,
    attributes: {},
    events: [],
    links: [],
    statusCode: SpanStatusCode.UNSET,
    statusMessage: undefined,
    error: undefined,
    startMs: TEST_START_MS,
    endMs: TEST_START_MS + 1.5,
    instrumentationScope: { name: 'my-app' },
    trace: testTrace(),
    ...overrides,
  };
}

/** A child of `parent` in the same trace. */
export function testChildSpan(
  parent: FinishedSpanData,
  spanIdHex: string,
  overrides: Partial<MutableSpan> = {},
): FinishedSpanData {
  return testSpan({
    spanIdHex,
    parentSpanIdHex: parent.spanIdHex,
    isLocalRoot: false,
    trace: parent.trace,
    startMs: parent.startMs + 0.25,
    endMs: parent.startMs + 0.75,
    ...overrides,
  });
}
