import { describe, expect, it } from 'vitest';
import { createEncoder } from './create-encoder.js';
import { V04Encoder } from './encoder-v04.js';
import { V05Encoder } from './encoder-v05.js';

describe('createEncoder', () => {
  it('returns the encoder of each protocol version', () => {
    expect(createEncoder('0.4')).toBeInstanceOf(V04Encoder);
    expect(createEncoder('0.5')).toBeInstanceOf(V05Encoder);
    expect(createEncoder('0.4').path).toBe('/v0.4/traces');
    expect(createEncoder('0.5').path).toBe('/v0.5/traces');
  });

  it('throws a TypeError naming the option for anything else', () => {
    expect(() => createEncoder('0.7' as '0.4')).toThrow(TypeError);
    expect(() => createEncoder(undefined as unknown as '0.4')).toThrow(/version/);
  });

  it('passes initialSize on and validates it', () => {
    expect(() => createEncoder('0.4', { initialSize: -1 })).toThrow(/initialSize/);
    expect(() => createEncoder('0.5', { initialSize: Number.NaN })).toThrow(/initialSize/);
  });
});
