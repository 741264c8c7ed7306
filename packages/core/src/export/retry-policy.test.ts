import { describe, expect, it } from 'vitest';
import { isRetryableNetworkError, isRetryableStatus, RetryPolicy } from './retry-policy.js';

describe('isRetryableNetworkError', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT'])('retries %s', (code) => {
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it('retries a socket hang up without a code', () => {
    expect(isRetryableNetworkError(new Error('socket hang up'))).toBe(true);
  });

  it.each([new Error('EACCES'), Object.assign(new Error('denied'), { code: 'EACCES' }), undefined, 'ECONNREFUSED', null])(
    'does not retry %s',
    (error) => {
      expect(isRetryableNetworkError(error)).toBe(false);
    },
  );
});

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i', (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([400, 401, 403, 404, 413, 415])('does not retry %i', (status) => expect(isRetryableStatus(status)).toBe(false));
});

describe('RetryPolicy', () => {
  it('doubles from the initial delay up to the cap, half of it jittered', () => {
    const low = new RetryPolicy({ initialDelayMs: 250, maxDelayMs: 8000, random: () => 0 });
    const high = new RetryPolicy({ initialDelayMs: 250, maxDelayMs: 8000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => low.delayAfter(n))).toEqual([125, 250, 500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => high.delayAfter(n))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('defaults to 5 attempts', () => {
    expect(new RetryPolicy().maxAttempts).toBe(5);
  });

  it('never returns more than the cap, even for a huge attempt number or a bad random source', () => {
    const policy = new RetryPolicy({ initialDelayMs: 250, maxDelayMs: 8000, random: () => 7 });
    expect(policy.delayAfter(10_000)).toBe(8000);
  });

  it('rejects bad options with a TypeError naming them', () => {
    expect(() => new RetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => new RetryPolicy({ initialDelayMs: Number.NaN })).toThrow(/initialDelayMs/);
    expect(() => new RetryPolicy({ maxDelayMs: -1 })).toThrow(/maxDelayMs/);
    expect(() => new RetryPolicy({ random: 1 as never })).toThrow(/random/);
  });
});
