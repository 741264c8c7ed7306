import { ROOT_CONTEXT, baggageEntryMetadataFromString, propagation } from '@opentelemetry/api';
import type { BaggageEntry } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { BaggagePropagator } from './baggage-propagator.js';
import { addBaggageTags } from './baggage-tags.js';
import { extract, inject } from './propagation-fixture.test-support.js';

const propagator = new BaggagePropagator({ baggageMaxItems: 64, baggageMaxBytes: 8192 });

function withBaggage(entries: Record<string, BaggageEntry>) {
  return propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
}

function entriesOf(context = ROOT_CONTEXT) {
  return Object.fromEntries((propagation.getBaggage(context)?.getAllEntries() ?? []).map(([k, e]) => [k, e.value]));
}

describe('BaggagePropagator: inject', () => {
  it('percent-encodes values and keeps properties', () => {
    const context = withBaggage({
      'user.id': { value: 'a b,c;d=é' },
      tenant: { value: 'acme', metadata: baggageEntryMetadataFromString('ttl=60') },
    });
    expect(inject(propagator, context)).toEqual({ baggage: 'user.id=a%20b%2Cc%3Bd%3D%C3%A9,tenant=acme;ttl=60' });
  });

  it('skips keys that are not tokens', () => {
    expect(inject(propagator, withBaggage({ 'bad key': { value: '1' }, ok: { value: '2' } }))).toEqual({ baggage: 'ok=2' });
  });

  it('stops at the item limit', () => {
    const small = new BaggagePropagator({ baggageMaxItems: 2, baggageMaxBytes: 8192 });
    expect(inject(small, withBaggage({ a: { value: '1' }, b: { value: '2' }, c: { value: '3' } }))).toEqual({ baggage: 'a=1,b=2' });
  });

  it('stops at the byte limit (UTF-8 bytes of the header)', () => {
    const small = new BaggagePropagator({ baggageMaxItems: 64, baggageMaxBytes: 10 });
    expect(inject(small, withBaggage({ a: { value: '1' }, b: { value: '2' }, c: { value: '3' } }))).toEqual({ baggage: 'a=1,b=2' });
  });

  it('sends nothing without baggage or when tracing is suppressed', () => {
    expect(inject(propagator, ROOT_CONTEXT)).toEqual({});
    expect(inject(propagator, suppressTracing(withBaggage({ a: { value: '1' } })))).toEqual({});
  });
});

describe('BaggagePropagator: extract', () => {
  it('decodes values, tolerates spaces and ;properties, merges repeated headers', () => {
    const context = extract(propagator, { baggage: [' user.id = a%20b ;prop=1 , tenant=acme', 'x=1'] });
    expect(entriesOf(context)).toEqual({ 'user.id': 'a b', tenant: 'acme', x: '1' });
    expect(propagation.getBaggage(context)?.getEntry('user.id')?.metadata?.toString()).toBe('prop=1');
  });

  it.each(['novalue', 'bad key=1', 'a=%E0%A4%A', 'a=1,=2'])('rejects the whole header %j', (baggage) => {
    expect(extract(propagator, { baggage: `ok=1,${baggage}` })).toBe(ROOT_CONTEXT);
  });

  it('keeps at most the configured items', () => {
    const small = new BaggagePropagator({ baggageMaxItems: 2, baggageMaxBytes: 8192 });
    expect(entriesOf(extract(small, { baggage: 'a=1,b=2,c=3' }))).toEqual({ a: '1', b: '2' });
  });

  it('round-trips', () => {
    const baggage = 'user.id=a%20b,tenant=acme;ttl=60';
    expect(inject(propagator, extract(propagator, { baggage }))).toEqual({ baggage });
  });
});

describe('addBaggageTags', () => {
  const context = withBaggage({ 'user.id': { value: 'u1' }, 'session.id': { value: 's1' }, other: { value: 'o' } });
  const tagsFor = (from: typeof context, keys: string[]) => {
    const tags: Record<string, string> = { 'x.existing': 'kept' };
    addBaggageTags(from, keys, tags);
    return tags;
  };

  it('adds the configured keys as baggage.<key> trace tags', () => {
    expect(tagsFor(context, ['user.id', 'account.id', 'other'])).toEqual({
      'x.existing': 'kept',
      'baggage.user.id': 'u1',
      'baggage.other': 'o',
    });
  });

  it('takes every key for *, none for an empty list', () => {
    expect(Object.keys(tagsFor(context, ['*']))).toHaveLength(4);
    expect(tagsFor(context, [])).toEqual({ 'x.existing': 'kept' });
    expect(tagsFor(ROOT_CONTEXT, ['user.id'])).toEqual({ 'x.existing': 'kept' });
  });
});
