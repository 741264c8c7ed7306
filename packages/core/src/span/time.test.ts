import { describe, expect, it } from 'vitest';
import { nowMs, toEpochMs } from './time.js';

describe('nowMs', () => {
  it('reads the clock of performance.timeOrigin + performance.now()', () => {
    const before = performance.timeOrigin + performance.now();
    const now = nowMs();
    const after = performance.timeOrigin + performance.now();
    // The two clocks are one (uv_hrtime) up to the offset measured at load: normally under a
    // microsecond; a millisecond of slack keeps a preempted measurement from failing the test.
    expect(now).toBeGreaterThanOrEqual(before - 1);
    expect(now).toBeLessThanOrEqual(after + 1);
  });

  it('never goes backwards and keeps sub-millisecond precision', () => {
    let previous = nowMs();
    let fractional = false;
    for (let i = 0; i < 10_000; i++) {
      const now = nowMs();
      expect(now).toBeGreaterThanOrEqual(previous);
      if (now !== Math.floor(now)) fractional = true;
      previous = now;
    }
    expect(fractional).toBe(true);
  });

  it('is on the same scale as a relative performance.now() time given to toEpochMs', () => {
    const relative = toEpochMs(performance.now());
    expect(relative).toBeDefined();
    expect(Math.abs(nowMs() - relative!)).toBeLessThan(50);
  });
});
