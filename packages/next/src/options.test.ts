import { describe, expect, it } from 'vitest';
import { checkOperationName, checkProcessorOptions, splitRegisterOptions } from './options.js';
import { NO_WEB_OPTIONS } from './web-options.js';

describe('splitRegisterOptions', () => {
  it('defaults to next.request and passes no core options', () => {
    expect(splitRegisterOptions(undefined)).toEqual({ operationName: 'next.request', webOptions: NO_WEB_OPTIONS, coreOptions: undefined });
  });

  it('separates operationName from the core options', () => {
    expect(splitRegisterOptions({ operationName: 'web.request', service: 'shop', env: 'prod' })).toEqual({
      operationName: 'web.request',
      webOptions: NO_WEB_OPTIONS,
      coreOptions: { service: 'shop', env: 'prod' },
    });
  });

  it('reads the web options for Next spans and leaves them for the tracer too', () => {
    const options = { clientIpEnabled: true, clientIpHeader: ' X-Real-IP ', resourceRenamingEnabled: false, service: 'shop' };
    expect(splitRegisterOptions(options)).toEqual({
      operationName: 'next.request',
      webOptions: { clientIpEnabled: true, clientIpHeader: 'x-real-ip', resourceRenamingEnabled: false },
      coreOptions: options,
    });
  });

  it.each([
    ['clientIpEnabled', 'yes', /"clientIpEnabled" must be true or false, got "yes"/],
    ['clientIpEnabled', 1, /"clientIpEnabled" must be true or false, got 1/],
    ['resourceRenamingEnabled', 'true', /"resourceRenamingEnabled" must be true or false, got "true"/],
    ['resourceRenamingEnabled', null, /"resourceRenamingEnabled" must be true or false, got null/],
    ['clientIpHeader', 'x real ip', /"clientIpHeader" must be a header name such as "x-real-ip", got "x real ip"/],
    ['clientIpHeader', '', /"clientIpHeader" must be a header name/],
    ['clientIpHeader', ['x-real-ip'], /"clientIpHeader" must be a header name .*got an array/],
  ])('throws a TypeError naming %s for %j', (name, value, message) => {
    expect(() => splitRegisterOptions({ [name]: value })).toThrow(TypeError);
    expect(() => splitRegisterOptions({ [name]: value })).toThrow(message);
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
