import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

const names = ['service', 'sampleRate', 'samplingRules', 'port', 'url', 'flushInterval'];

describe('closestName', () => {
  it('finds typos, ignoring case, underscores and dashes', () => {
    expect(closestName('servce', names)).toBe('service');
    expect(closestName('SAMPLE_RATE', names)).toBe('sampleRate');
    expect(closestName('flush-interval', names)).toBe('flushInterval');
    expect(closestName('prot', names)).toBe('port');
  });

  it('suggests nothing for names far from any candidate', () => {
    expect(closestName('databaseConnectionString', names)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
