import { describe, expect, it } from 'vitest';
import type { DatadogOptions } from './options.js';
import type { SpanProcessor } from '../provider/span-processor.js';
import { validateOptions } from './validate-options.js';

const processor: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

const everyOption: Required<DatadogOptions> = {
  service: 'shop',
  env: 'prod',
  version: '1.2.3',
  tags: { team: 'core' },
  enabled: true,
  url: 'unix:///var/run/datadog/apm.socket',
  hostname: '::1',
  port: 8126,
  protocolVersion: '0.5',
  flushInterval: 0,
  flushMinSpans: 1,
  maxQueuedBytes: 1024,
  nativeSpanEvents: 'auto',
  naming: 'otel-v2',
  traceId128BitGeneration: false,
  reportHostname: true,
  sampleRate: 0.5,
  samplingRules: [{ service: 'shop', tags: { 'http.route': '/a/*' }, sampleRate: 1, maxPerSecond: 5, provenance: 'local' }],
  spanSamplingRules: [{ service: 'shop', name: 'db.*', sampleRate: 0.5, maxPerSecond: 10 }],
  rateLimit: -1,
  propagationStyle: { inject: ['datadog'], extract: ['tracecontext', 'b3multi'] },
  propagationExtractFirst: true,
  propagationBehaviorExtract: 'restart',
  headerTags: ['x-request-id:request.id', { header: 'User-Agent' }],
  queryStringObfuscation: /secret/i,
  httpServerErrorStatuses: '500-599,403',
  clientIpEnabled: true,
  clientIpHeader: 'X-Real-IP',
  resourceRenamingEnabled: true,
  logLevel: 'debug',
  spanProcessors: [processor],
};

function messageOf(options: unknown): string {
  try {
    validateOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as TypeError).message;
  }
  throw new Error('expected validateOptions to throw');
}

describe('validateOptions', () => {
  it('accepts no options, an empty object, and every option set correctly', () => {
    expect(() => validateOptions(undefined)).not.toThrow();
    expect(() => validateOptions(null)).not.toThrow();
    expect(() => validateOptions({})).not.toThrow();
    expect(() => validateOptions(everyOption)).not.toThrow();
  });

  it('treats undefined values as not set', () => {
    expect(() => validateOptions({ service: undefined, port: undefined })).not.toThrow();
  });

  it.each([['string'], [42], [['service']]])('rejects %j as options', (options) => {
    expect(messageOf(options)).toMatch(/options must be an object/);
  });

  it('rejects unknown keys and suggests the closest name', () => {
    expect(messageOf({ sevice: 'x' })).toBe('@dd-otel/core: unknown option "sevice"; did you mean "service"?');
    expect(messageOf({ sample_rate: 0.5 })).toMatch(/did you mean "sampleRate"\?/);
    expect(messageOf({ flushinterval: 5 })).toMatch(/did you mean "flushInterval"\?/);
    expect(messageOf({ somethingElseEntirely: 1 })).toBe('@dd-otel/core: unknown option "somethingElseEntirely"');
  });

  it.each<[string, unknown, RegExp?]>([
    ['service', 42],
    ['service', '  '],
    ['env', 1],
    ['version', {}],
    ['tags', 'team:core'],
    ['tags', { team: 1 }, /tag "team" must have a string value/],
    ['enabled', 'true'],
    ['url', 'not a url'],
    ['url', 'ftp://agent:21', /http, https or unix/],
    ['url', 'http://user:secret@agent:8126', /credentials/],
    ['url', 'unix://', /socket path/],
    ['url', 8126],
    ['hostname', ''],
    ['hostname', 'bad host name'],
    ['port', 0, /between 1 and 65535/],
    ['port', 65536],
    ['port', 80.5],
    ['port', '8126'],
    ['protocolVersion', '0.7'],
    ['protocolVersion', 0.4],
    ['flushInterval', -1, />= 0/],
    ['flushInterval', Number.POSITIVE_INFINITY],
    ['flushMinSpans', 0],
    ['flushMinSpans', 1.5],
    ['maxQueuedBytes', 0],
    ['nativeSpanEvents', 'yes'],
    ['naming', 'otel'],
    ['traceId128BitGeneration', 1],
    ['reportHostname', 'false'],
    ['sampleRate', 1.5, /between 0 and 1/],
    ['sampleRate', -0.1],
    ['sampleRate', Number.NaN],
    ['samplingRules', { sampleRate: 1 }, /expected an array/],
    ['samplingRules', [{ service: 'a' }], /rule 0: sampleRate is required/],
    ['samplingRules', [{ sampleRate: 1 }, { sampleRate: 2 }], /rule 1: sampleRate/],
    ['samplingRules', [{ sample_rate: 1, sampleRate: 1 }], /unknown key "sample_rate"/],
    ['samplingRules', [{ sampleRate: 1, service: /a/ }], /service must be a string/],
    ['samplingRules', [{ sampleRate: 1, tags: { a: 1 } }], /tags.a must be a string/],
    ['samplingRules', [{ sampleRate: 1, provenance: 'remote' }], /provenance/],
    ['samplingRules', [{ sampleRate: 1, maxPerSecond: 'ten' }], /maxPerSecond/],
    ['samplingRules', ['rule'], /must be an object/],
    ['spanSamplingRules', { name: 'db.*' }, /expected an array/],
    ['spanSamplingRules', [{ name: 'db.*', sample_rate: 1 }], /rule 0: unknown key "sample_rate"/],
    ['spanSamplingRules', [{ name: 'db.*' }, { sampleRate: 1.5 }], /rule 1: sampleRate/],
    ['spanSamplingRules', [{ service: 42 }], /service must be a string/],
    ['spanSamplingRules', [{ maxPerSecond: 'ten' }], /maxPerSecond/],
    ['rateLimit', '100'],
    ['propagationStyle', 'datadog'],
    ['propagationStyle', ['datadog', 'jaeger'], /unknown style "jaeger"/],
    ['propagationStyle', { inject: ['datadog'], both: ['b3'] }, /unknown key "both"/],
    ['propagationStyle', { extract: 'b3' }, /extract: expected an array/],
    ['propagationExtractFirst', 'true'],
    ['propagationBehaviorExtract', 'Restart', /expected one of "continue", "restart", "ignore"/],
    ['propagationBehaviorExtract', 'none'],
    ['propagationBehaviorExtract', true],
    ['headerTags', 'x-request-id'],
    ['headerTags', ['bad header:tag'], /not a valid header name/],
    ['headerTags', [{ header: 'x-a', tag: 1 }], /tag must be a string/],
    ['headerTags', [{ name: 'x-a' }], /unknown key "name"/],
    ['queryStringObfuscation', true],
    ['queryStringObfuscation', '(unclosed', /not a valid regular expression/],
    ['httpServerErrorStatuses', '500-', /not a status code/],
    ['httpServerErrorStatuses', '599-500'],
    ['httpServerErrorStatuses', 500],
    ['clientIpEnabled', null],
    ['clientIpHeader', 42, /expected a string/],
    ['clientIpHeader', '', /"" is not a valid header name/],
    ['clientIpHeader', 'x forwarded for', /"x forwarded for" is not a valid header name/],
    ['clientIpHeader', 'x-real-ip:client.ip', /not a valid header name/],
    ['resourceRenamingEnabled', 'true', /expected true or false/],
    ['resourceRenamingEnabled', 1, /expected true or false/],
    ['logLevel', 'loud', /expected one of "none", "error"/],
    ['spanProcessors', processor, /expected an array/],
    ['spanProcessors', [{ onStart() {}, onEnd() {}, forceFlush() {} }], /processor 0 has no shutdown\(\) method/],
    ['spanProcessors', [processor, null], /processor 1 is not an object/],
  ])('rejects %s = %j', (key, value, detail) => {
    const message = messageOf({ [key]: value });
    expect(message).toContain(`invalid option "${key}"`);
    if (detail) expect(message).toMatch(detail);
  });

  it('quotes the offending value in the message', () => {
    expect(messageOf({ port: 70000 })).toBe(
      '@dd-otel/core: invalid option "port": expected an integer between 1 and 65535 (got 70000)',
    );
  });
});
