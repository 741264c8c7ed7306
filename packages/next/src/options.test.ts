import { describe, expect, it } from 'vitest';
import { checkOperationName, checkProcessorOptions, splitRegisterOptions } from './options.js';

describe('splitRegisterOptions', () => {
  it('defaults to next.request and passes no core options', () => {
    expect(splitRegisterOptions(undefined)).toEqual({ operationName: 'next.request', coreOptions: undefined });
  });

  it('separates operationName from the core options', () => {
    expect(splitRegisterOptions({ operationName: 'web.request', service: 'shop', env: 'prod' })).toEqual({
      operationName: 'web.request',
      coreOptions: { service: 'shop', env: 'prod' },
    });
  });

  it('throws a TypeError naming operationName for an unsupported name', () => {
    expect(() => splitRegisterOptions({ operationName: 'http.request' })).toThrow(TypeError);
    expect(() => splitRegisterOptions({ operationName: 'http.request' })).toThrow(/"operationName".*"http.request"/);
  });

  it('throws a TypeError when options is not an object', () => {
    expect(() => splitRegisterOptions('shop')).toThrow(/registerDatadog\(options\) expects an object, got "shop"/);
    expect(() => splitRegisterOptions(null)).toThrow(TypeError);
    expect(() => splitRegisterOptions([])).toThrow(TypeError);
  });
});

describe('checkOperationName', () => {
  it('accepts both supported names', () => {
    expect(checkOperationName('next.request')).toBe('next.request');
    expect(checkOperationName('web.request')).toBe('web.request');
  });
});

describe('checkProcessorOptions', () => {
  it('names the option that is wrong', () => {
    expect(() => checkProcessorOptions({ queryStringObfuscation: 'token' })).toThrow(/"queryStringObfuscation"/);
    expect(() => checkProcessorOptions({ isServerErrorStatus: 500 })).toThrow(/"isServerErrorStatus"/);
    expect(() => checkProcessorOptions({ operationName: 1 })).toThrow(/"operationName"/);
  });

  it('accepts valid options', () => {
    const options = { queryStringObfuscation: false as const, isServerErrorStatus: (status: number) => status >= 400 };
    expect(checkProcessorOptions(options)).toBe(options);
  });
});
