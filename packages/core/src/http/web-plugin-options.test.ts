import { describe, expect, it } from 'vitest';
import { validateWebPluginOptions } from './web-plugin-options.js';

const LABEL = '@dd-otel/test';

function rejects(options: unknown): string {
  try {
    validateWebPluginOptions(options, LABEL);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('expected a TypeError');
}

describe('validateWebPluginOptions', () => {
  it('accepts no options and every valid option', () => {
    expect(validateWebPluginOptions(undefined, LABEL)).toMatchObject({ service: undefined, headers: [] });
    const hook = (): void => undefined;
    const validateStatus = (status: number): boolean => status < 400;
    const checked = validateWebPluginOptions(
      {
        service: 'api',
        ignore: ['/health', /^\/internal/, () => false],
        headers: ['X-Request-Id', 'x-tenant:tenant.id', { header: 'x-user', tag: 'user.id' }],
        validateStatus,
        queryStringObfuscation: 'secret=[^&]+',
        clientIpEnabled: false,
        clientIpHeader: ' CF-Connecting-IP ',
        resourceRenamingEnabled: true,
        hooks: { request: hook },
      },
      LABEL,
    );
    expect(checked).toMatchObject({
      service: 'api',
      validateStatus,
      requestHook: hook,
      queryStringObfuscation: 'secret=[^&]+',
      clientIpEnabled: false,
      // Node lower-cases incoming header names, so the option is matched in lower case.
      clientIpHeader: 'cf-connecting-ip',
      resourceRenamingEnabled: true,
    });
    expect(checked.headers).toEqual([
      { header: 'x-request-id' },
      { header: 'x-tenant', tag: 'tenant.id' },
      { header: 'x-user', tag: 'user.id' },
    ]);
  });

  it.each([
    [{ service: '' }, 'invalid option "service"'],
    [{ service: 42 }, 'invalid option "service"'],
    [{ ignore: 42 }, 'invalid option "ignore"'],
    [{ ignore: ['/ok', {}] }, 'invalid option "ignore": entry 1'],
    [{ headers: 'x-request-id' }, 'invalid option "headers"'],
    [{ headers: ['bad header'] }, 'invalid option "headers"'],
    [{ validateStatus: 500 }, 'invalid option "validateStatus"'],
    [{ queryStringObfuscation: '(' }, 'invalid option "queryStringObfuscation"'],
    [{ queryStringObfuscation: 1 }, 'invalid option "queryStringObfuscation"'],
    [{ clientIpEnabled: 'true' }, 'invalid option "clientIpEnabled": expected true or false'],
    [{ clientIpEnabled: 1 }, 'invalid option "clientIpEnabled": expected true or false'],
    [{ clientIpHeader: 42 }, 'invalid option "clientIpHeader": expected a header name'],
    [{ clientIpHeader: '' }, 'invalid option "clientIpHeader": "" is not a valid header name'],
    [{ clientIpHeader: 'x real ip' }, 'invalid option "clientIpHeader": "x real ip" is not a valid header name'],
    [{ clientIpHeader: ['x-real-ip'] }, 'invalid option "clientIpHeader"'],
    [{ resourceRenamingEnabled: 'false' }, 'invalid option "resourceRenamingEnabled": expected true or false'],
    [{ resourceRenamingEnabled: null }, 'invalid option "resourceRenamingEnabled": expected true or false'],
    [{ hooks: () => undefined }, 'invalid option "hooks"'],
    [{ hooks: { request: 'nope' } }, 'invalid option "hooks"'],
    [{ hooks: { response: () => undefined } }, 'invalid option "hooks": unknown hook "response"'],
  ])('rejects %j with a TypeError naming the option', (options, message) => {
    expect(rejects(options)).toContain(`${LABEL}: ${message}`);
  });

  it('leaves a setting the plugin does not give to the tracer (undefined)', () => {
    expect(validateWebPluginOptions({ clientIpEnabled: undefined }, LABEL).clientIpEnabled).toBeUndefined();
    expect(validateWebPluginOptions({}, LABEL).clientIpEnabled).toBeUndefined();
    expect(validateWebPluginOptions({ resourceRenamingEnabled: undefined }, LABEL).resourceRenamingEnabled).toBeUndefined();
  });

  it('rejects unknown options with a suggestion, and non-objects', () => {
    expect(rejects({ validatestatus: () => true })).toBe(`${LABEL}: unknown option "validatestatus"; did you mean "validateStatus"?`);
    expect(rejects({ blocklist: ['/x'] })).toBe(`${LABEL}: unknown option "blocklist"`);
    expect(rejects('service')).toContain('options must be an object');
    expect(rejects([])).toContain('options must be an object');
  });

  it("leaves the plugin's own options to the plugin", () => {
    expect(() => validateWebPluginOptions({ middleware: false }, LABEL, ['middleware'])).not.toThrow();
  });
});
