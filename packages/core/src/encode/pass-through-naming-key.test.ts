import { describe, expect, it } from 'vitest';
import { isPassThroughNamingKey } from './compact-span-record.js';

describe('isPassThroughNamingKey', () => {
  it.each(['operation.name', 'resource.name', 'service.name', 'span.type'])('knows %s', (key) => {
    expect(isPassThroughNamingKey(key)).toBe(true);
    // A key built at run time (not the same string object) is the same key.
    expect(isPassThroughNamingKey([...key].join(''))).toBe(true);
  });

  it.each([
    'server.address', // as long as operation.name
    'http.useragent',
    'component', // as long as span.type
    'span.kind',
    'service.nam',
    'service.names',
    'Service.name',
    '',
  ])('tells %s from them', (key) => {
    expect(isPassThroughNamingKey(key)).toBe(false);
  });
});
