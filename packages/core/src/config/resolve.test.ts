import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLE_NAMES } from './env.js';
import type { EnvironmentSnapshot } from './env.js';
import type { DatadogOptions, ResolvedConfig } from './options.js';
import type { SpanProcessor } from '../provider/span-processor.js';
import { DEFAULT_MAX_QUEUED_BYTES, resolveConfig } from './resolve.js';
import { getRuntimeId } from './runtime-id.js';
import { captureDiag, ISOLATED_HOOKS, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

describe('resolveConfig defaults', () => {
  it('resolves an empty environment to the documented defaults without logging', () => {
    const config = resolveIsolated({});
    expect(config).toMatchObject({
      enabled: true,
      service: 'node',
      env: undefined,
      version: undefined,
      tags: {},
      agentUrl: 'http://127.0.0.1:8126',
      protocolVersion: '0.4',
      flushIntervalMs: 2000,
      flushMinSpans: 1000,
      maxQueuedBytes: 32 * 1024 * 1024,
      externalEnv: undefined,
      nativeSpanEvents: 'auto',
      naming: 'datadog',
      traceId128BitGeneration: true,
      reportHostname: false,
      sampleRate: undefined,
      samplingRules: [],
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
      clientIpEnabled: false,
      clientIpHeader: undefined,
      resourceRenamingEnabled: false,
      logLevel: 'warn',
      spanProcessors: [],
      runtimeId: getRuntimeId(),
    } satisfies Partial<ResolvedConfig>);
    expect(capture.warnings).toEqual([]);
    expect(capture.infos).toEqual([]);
  });

  it('accepts options = undefined and reads the real environment when none is passed', () => {
    expect(() => resolveConfig(undefined, undefined, ISOLATED_HOOKS)).not.toThrow();
  });
});

describe('resolveConfig result', () => {
  it('is frozen, including its lists and tags', () => {
    const config = resolveIsolated({ DD_TAGS: 'a:b', DD_TRACE_HEADER_TAGS: 'x-a' }, { samplingRules: [{ sampleRate: 1 }] });
    for (const value of [
      config,
      config.tags,
      config.samplingRules,
      config.samplingRules[0],
      config.propagationInject,
      config.propagationExtract,
      config.baggageTagKeys,
      config.headerTags,
      config.headerTags[0],
      config.spanProcessors,
    ]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
  });

  it('does not share state with the options object', () => {
    const options: DatadogOptions = { tags: { a: 'b' }, propagationStyle: ['datadog'] };
    const config = resolveIsolated({}, options);
    options.tags!.a = 'changed';
    expect(config.tags).toEqual({ a: 'b' });
  });

  it('keeps the same runtime id across resolutions', () => {
    expect(resolveIsolated({}).runtimeId).toBe(resolveIsolated({ DD_SERVICE: 'x' }).runtimeId);
    expect(getRuntimeId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('validates options first and throws a TypeError naming the option', () => {
    expect(() => resolveIsolated({}, { port: 0 })).toThrow(TypeError);
    expect(() => resolveIsolated({}, { port: 0 })).toThrow(/"port"/);
    expect(() => resolveIsolated({}, { servce: 'x' } as DatadogOptions)).toThrow(/did you mean "service"/);
  });

  it('keeps the span processors in order', () => {
    const processor: SpanProcessor = {
      onStart: () => undefined,
      onEnd: () => undefined,
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    expect(resolveIsolated({}, { spanProcessors: [processor] }).spanProcessors).toEqual([processor]);
  });
});

describe('enabled', () => {
  it.each<[EnvironmentSnapshot, DatadogOptions | undefined, boolean]>([
    [{}, undefined, true],
    [{ DD_TRACE_ENABLED: 'false' }, undefined, false],
    [{ DD_TRACE_ENABLED: '0' }, undefined, false],
    [{ DD_TRACE_ENABLED: 'false' }, { enabled: true }, true],
    [{}, { enabled: false }, false],
    [{ OTEL_SDK_DISABLED: 'true' }, undefined, false],
    [{ OTEL_SDK_DISABLED: 'false' }, undefined, true],
    [{ OTEL_SDK_DISABLED: 'true', DD_TRACE_ENABLED: 'true' }, undefined, true],
    [{ OTEL_TRACES_EXPORTER: 'none' }, undefined, false],
    [{ OTEL_TRACES_EXPORTER: 'NONE' }, undefined, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, undefined, true],
    [{ OTEL_TRACES_EXPORTER: 'none', DD_TRACE_ENABLED: 'true' }, undefined, true],
    [{ OTEL_TRACES_EXPORTER: 'none' }, { enabled: true }, true],
  ])('%j with options %j → %s', (env, options, expected) => {
    expect(resolveIsolated(env, options).enabled).toBe(expected);
  });

  it('warns once about an invalid DD_TRACE_ENABLED and stays enabled', () => {
    expect(resolveIsolated({ DD_TRACE_ENABLED: 'nope' }).enabled).toBe(true);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/Invalid DD_TRACE_ENABLED="nope" \(expected true, false, 1 or 0\)/);
  });

  it('lets an invalid DD_TRACE_ENABLED fall through to the OTel switches', () => {
    expect(resolveIsolated({ DD_TRACE_ENABLED: 'nope', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });
});

describe('exporter settings', () => {
  it('follows option > variable > default', () => {
    const env: EnvironmentSnapshot = {
      DD_TRACE_AGENT_PROTOCOL_VERSION: '0.5',
      DD_TRACE_FLUSH_INTERVAL: '500',
      DD_TRACE_PARTIAL_FLUSH_MIN_SPANS: '10',
      DD_TRACE_MAX_QUEUED_BYTES: '1048576',
      DD_TRACE_NATIVE_SPAN_EVENTS: 'true',
    };
    expect(resolveIsolated(env)).toMatchObject({
      protocolVersion: '0.5',
      flushIntervalMs: 500,
      flushMinSpans: 10,
      maxQueuedBytes: 1048576,
      nativeSpanEvents: true,
    });
    const options: DatadogOptions = {
      protocolVersion: '0.4',
      flushInterval: 0,
      flushMinSpans: 5,
      maxQueuedBytes: 2048,
      nativeSpanEvents: false,
    };
    expect(resolveIsolated(env, options)).toMatchObject({
      protocolVersion: '0.4',
      flushIntervalMs: 0,
      flushMinSpans: 5,
      maxQueuedBytes: 2048,
      nativeSpanEvents: false,
    });
  });

  it('reads DD_TRACE_NATIVE_SPAN_EVENTS as true/false/auto', () => {
    expect(resolveIsolated({ DD_TRACE_NATIVE_SPAN_EVENTS: '0' }).nativeSpanEvents).toBe(false);
    expect(resolveIsolated({ DD_TRACE_NATIVE_SPAN_EVENTS: 'AUTO' }).nativeSpanEvents).toBe('auto');
  });
});

describe('span shape settings', () => {
  it('follows option > variable > default', () => {
    const env: EnvironmentSnapshot = {
      DD_TRACE_OTEL_NAMING: 'OTEL-V2',
      DD_TRACE_128_BIT_TRACEID_GENERATION_ENABLED: 'false',
      DD_TRACE_REPORT_HOSTNAME: '1',
      DD_TRACE_CLIENT_IP_ENABLED: 'true',
    };
    expect(resolveIsolated(env)).toMatchObject({
      naming: 'otel-v2',
      traceId128BitGeneration: false,
      reportHostname: true,
      clientIpEnabled: true,
    });
    expect(
      resolveIsolated(env, { naming: 'datadog', traceId128BitGeneration: true, reportHostname: false, clientIpEnabled: false }),
    ).toMatchObject({ naming: 'datadog', traceId128BitGeneration: true, reportHostname: false, clientIpEnabled: false });
  });
});

describe('client IP header', () => {
  it('follows option > DD_TRACE_CLIENT_IP_HEADER > none, lower-cased as Node names incoming headers', () => {
    expect(resolveIsolated({ DD_TRACE_CLIENT_IP_HEADER: ' X-Real-IP ' }).clientIpHeader).toBe('x-real-ip');
    expect(resolveIsolated({ DD_TRACE_CLIENT_IP_HEADER: 'x-real-ip' }, { clientIpHeader: 'CF-Connecting-IP' }).clientIpHeader).toBe(
      'cf-connecting-ip',
    );
    expect(resolveIsolated({ DD_TRACE_CLIENT_IP_HEADER: '  ' }).clientIpHeader).toBeUndefined();
    expect(capture.warnings).toEqual([]);
  });

  it('does not turn client IP collection on by itself', () => {
    expect(resolveIsolated({ DD_TRACE_CLIENT_IP_HEADER: 'x-real-ip' }).clientIpEnabled).toBe(false);
  });
});

describe('resource renaming', () => {
  it('follows option > DD_TRACE_RESOURCE_RENAMING_ENABLED > false', () => {
    expect(resolveIsolated({ DD_TRACE_RESOURCE_RENAMING_ENABLED: 'true' }).resourceRenamingEnabled).toBe(true);
    expect(resolveIsolated({ DD_TRACE_RESOURCE_RENAMING_ENABLED: '1' }).resourceRenamingEnabled).toBe(true);
    expect(resolveIsolated({ DD_TRACE_RESOURCE_RENAMING_ENABLED: 'false' }).resourceRenamingEnabled).toBe(false);
    expect(resolveIsolated({ DD_TRACE_RESOURCE_RENAMING_ENABLED: 'true' }, { resourceRenamingEnabled: false }).resourceRenamingEnabled).toBe(
      false,
    );
    expect(resolveIsolated({}, { resourceRenamingEnabled: true }).resourceRenamingEnabled).toBe(true);
    expect(capture.warnings).toEqual([]);
  });
});

describe('baggage and x-datadog-tags limits', () => {
  it('reads the variables', () => {
    expect(
      resolveIsolated({
        DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0',
        DD_TRACE_BAGGAGE_MAX_ITEMS: '8',
        DD_TRACE_BAGGAGE_MAX_BYTES: '1024',
        DD_TRACE_BAGGAGE_TAG_KEYS: 'user.id, tenant',
      }),
    ).toMatchObject({ xDatadogTagsMaxLength: 0, baggageMaxItems: 8, baggageMaxBytes: 1024, baggageTagKeys: ['user.id', 'tenant'] });
  });

  it('lets an empty DD_TRACE_BAGGAGE_TAG_KEYS turn baggage tags off', () => {
    expect(resolveIsolated({ DD_TRACE_BAGGAGE_TAG_KEYS: '' }).baggageTagKeys).toEqual([]);
  });
});

describe('invalid environment values', () => {
  it.each<[keyof EnvironmentSnapshot, string, keyof ResolvedConfig, unknown]>([
    ['DD_TRACE_AGENT_PROTOCOL_VERSION', '0.7', 'protocolVersion', '0.4'],
    ['DD_TRACE_FLUSH_INTERVAL', '-5', 'flushIntervalMs', 2000],
    ['DD_TRACE_FLUSH_INTERVAL', 'soon', 'flushIntervalMs', 2000],
    ['DD_TRACE_PARTIAL_FLUSH_MIN_SPANS', '0', 'flushMinSpans', 1000],
    ['DD_TRACE_PARTIAL_FLUSH_MIN_SPANS', '2.5', 'flushMinSpans', 1000],
    ['DD_TRACE_MAX_QUEUED_BYTES', '16MB', 'maxQueuedBytes', DEFAULT_MAX_QUEUED_BYTES],
    ['DD_TRACE_NATIVE_SPAN_EVENTS', 'maybe', 'nativeSpanEvents', 'auto'],
    ['DD_TRACE_OTEL_NAMING', 'v2', 'naming', 'datadog'],
    ['DD_TRACE_128_BIT_TRACEID_GENERATION_ENABLED', 'yes', 'traceId128BitGeneration', true],
    ['DD_TRACE_REPORT_HOSTNAME', 'on', 'reportHostname', false],
    ['DD_TRACE_PROPAGATION_EXTRACT_FIRST', 'first', 'propagationExtractFirst', false],
    ['DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT', 'drop', 'propagationBehaviorExtract', 'continue'],
    ['DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH', '-1', 'xDatadogTagsMaxLength', 512],
    ['DD_TRACE_BAGGAGE_MAX_ITEMS', 'many', 'baggageMaxItems', 64],
    ['DD_TRACE_BAGGAGE_MAX_BYTES', '1e400', 'baggageMaxBytes', 8192],
    ['DD_TRACE_CLIENT_IP_ENABLED', 'enabled', 'clientIpEnabled', false],
    ['DD_TRACE_CLIENT_IP_HEADER', 'x real ip', 'clientIpHeader', undefined],
    ['DD_TRACE_CLIENT_IP_HEADER', 'x-real-ip:ip', 'clientIpHeader', undefined],
    ['DD_TRACE_RESOURCE_RENAMING_ENABLED', 'yes', 'resourceRenamingEnabled', false],
    ['DD_EXTERNAL_ENV', 'it-false\ncn-web', 'externalEnv', undefined],
    ['OTEL_SDK_DISABLED', 'disabled', 'enabled', true],
  ])('%s=%j → exactly one warning naming it, %s uses the default', (variable, raw, field, expected) => {
    const config = resolveIsolated({ [variable]: raw });
    expect(config[field]).toEqual(expected);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain(`${variable}=`);
    expect(capture.warnings[0]).toContain('@dd-otel/core');
  });

  it('never throws, whatever the environment holds', () => {
    const garbage = Object.fromEntries(ENVIRONMENT_VARIABLE_NAMES.map((name) => [name, '\u0000{[,:=%%']));
    expect(() => resolveIsolated(garbage)).not.toThrow();
  });
});
