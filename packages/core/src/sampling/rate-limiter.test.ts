import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

function fakeClock(startMs = 10_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('RateLimiter', () => {
  it('allows `limit` requests per second and refuses the rest', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(3, clock.now);
    const results = Array.from({ length: 5 }, () => limiter.isAllowed());
    expect(results).toEqual([true, true, true, false, false]);
  });

  it('refills as time passes', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock.now);
    expect([limiter.isAllowed(), limiter.isAllowed(), limiter.isAllowed()]).toEqual([true, true, false]);
    clock.advance(1000);
    expect([limiter.isAllowed(), limiter.isAllowed(), limiter.isAllowed()]).toEqual([true, true, false]);
  });

  it('refills gradually inside a window (token bucket), never past the per-window cap', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(4, clock.now);
    for (let i = 0; i < 4; i++) limiter.isAllowed();
    clock.advance(250); // one token back, but the window already allowed 4
    expect(limiter.isAllowed()).toBe(false);
    clock.advance(750); // new window
    expect(limiter.isAllowed()).toBe(true);
  });

  it('reports the effective rate over the previous and current windows', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock.now);
    expect(limiter.effectiveRate()).toBe(1);
    for (let i = 0; i < 4; i++) limiter.isAllowed(); // 2 of 4
    expect(limiter.effectiveRate()).toBe(0.5);
    clock.advance(1000);
    limiter.isAllowed(); // window 2: 1 of 1 → (2 + 1) / (4 + 1)
    expect(limiter.effectiveRate()).toBeCloseTo(0.6);
    clock.advance(5000); // idle: nothing recent
    expect(limiter.effectiveRate()).toBe(1);
  });

  it('treats a negative limit as unlimited and 0 as reject-all', () => {
    const clock = fakeClock();
    const unlimited = new RateLimiter(-1, clock.now);
    const none = new RateLimiter(0, clock.now);
    for (let i = 0; i < 1000; i++) expect(unlimited.isAllowed()).toBe(true);
    expect(none.isAllowed()).toBe(false);
    expect(unlimited.effectiveRate()).toBe(1);
    expect(none.effectiveRate()).toBe(0);
  });

  it('allows one request every few seconds below 1/s', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0.5, clock.now);
    expect(limiter.isAllowed()).toBe(true);
    expect(limiter.isAllowed()).toBe(false);
    clock.advance(1000);
    expect(limiter.isAllowed()).toBe(false);
    clock.advance(1000);
    expect(limiter.isAllowed()).toBe(true);
  });
});
