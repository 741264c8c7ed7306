import { describe, expect, it } from 'vitest';
import type { Attributes } from '@opentelemetry/api';
import { MAX_META_KEY_LENGTH } from './normalize.js';
import { canPassThrough } from './pass-through.js';
import { AttributeScan, type TagRules } from './tags.js';

function rules(globalKeys: string[] = []): TagRules {
  const overridable = Object.create(null) as Record<string, true>;
  for (const key of globalKeys) overridable[key] = true;
  return { overridableMetaKeys: globalKeys.length > 0 ? overridable : undefined, hostnameReserved: false };
}

// canPassThrough remembers the class of each key by position from one call to the next (request
// spans repeat their keys); these sequences make a wrongly remembered class give a wrong answer.
describe('canPassThrough, span after span', () => {
  it('judges each key where it stands, whatever stood there in the span before', () => {
    const tagRules = rules();
    expect(canPassThrough({ custom: 'x', other: 1 }, tagRules)).toBe(true);
    expect(canPassThrough({ error: 'boom', other: 1 }, tagRules)).toBe(false);
    expect(canPassThrough({ custom: 'x', other: 1 }, tagRules)).toBe(true);
    expect(canPassThrough({ custom: 'x', error: 'boom' }, tagRules)).toBe(false);
    expect(canPassThrough({ custom: 'x', other: 1 }, tagRules)).toBe(true);
  });

  it('refuses the keys the single-span sampler writes after mapping (else a span could carry them twice)', () => {
    const tagRules = rules();
    for (const key of ['_dd.span_sampling.mechanism', '_dd.span_sampling.rule_rate', '_dd.span_sampling.max_per_second']) {
      expect(canPassThrough({ custom: 'x', [key]: 1 }, tagRules)).toBe(false);
    }
  });

  it('judges a key by the rules of the call, not those of an earlier one', () => {
    const teamIsGlobal = rules(['team']);
    const noGlobals = rules();
    expect(canPassThrough({ team: 'payments' }, teamIsGlobal)).toBe(false);
    expect(canPassThrough({ team: 'payments' }, noGlobals)).toBe(true);
    expect(canPassThrough({ team: 'payments' }, teamIsGlobal)).toBe(false);
  });

  it('still checks values and keys that need the attribute pass every time', () => {
    const tagRules = rules();
    const longKey = 'k'.repeat(MAX_META_KEY_LENGTH + 1);
    expect(canPassThrough({ [longKey]: 'x' }, tagRules)).toBe(false);
    expect(canPassThrough({ [longKey]: 'x' }, tagRules)).toBe(false);
    expect(canPassThrough({ custom: 'x' }, tagRules)).toBe(true);
    expect(canPassThrough({ custom: ['a', 'b'] }, tagRules)).toBe(false);
    expect(canPassThrough({ custom: 'x' }, tagRules)).toBe(true);
  });

  it('keeps positions across entries without a value', () => {
    const tagRules = rules();
    expect(canPassThrough({ skipped: undefined, error: 'boom' }, tagRules)).toBe(false);
    expect(canPassThrough({ skipped: undefined, custom: 'x' }, tagRules)).toBe(true);
    expect(canPassThrough({ skipped: null, error: 'boom' } as unknown as Attributes, tagRules)).toBe(false);
  });

  it('lets the naming keys through into the scan, span after span', () => {
    const tagRules = rules();
    for (const resource of ['GET /a', 'GET /b']) {
      const scan = new AttributeScan();
      expect(canPassThrough({ 'resource.name': resource, 'http.status_code': '200' }, tagRules, scan)).toBe(true);
      expect(scan.resourceName).toBe(resource);
    }
  });
});
