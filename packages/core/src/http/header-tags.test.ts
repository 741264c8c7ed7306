import { describe, expect, it } from 'vitest';
import { compileHeaderTags } from './header-tags.js';

describe('compileHeaderTags', () => {
  it("merges DD_TRACE_HEADER_TAGS with the plugin's headers; the plugin's entry wins", () => {
    const tags = compileHeaderTags(
      [{ header: 'x-request-id', tag: 'from.env' }, { header: 'x-env-only' }],
      [{ header: 'x-request-id' }, { header: 'x-tenant', tag: 'tenant.id' }],
    );
    expect(tags).toEqual([
      {
        header: 'x-request-id',
        requestTag: 'http.request.headers.x-request-id',
        responseTag: 'http.response.headers.x-request-id',
        otelRequestAttribute: 'http.request.header.x-request-id',
        otelResponseAttribute: 'http.response.header.x-request-id',
      },
      expect.objectContaining({ header: 'x-env-only', requestTag: 'http.request.headers.x-env-only' }),
      expect.objectContaining({ header: 'x-tenant', requestTag: 'tenant.id', responseTag: 'tenant.id' }),
    ]);
  });
});
