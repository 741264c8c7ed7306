import { afterEach, describe, expect, it, vi } from 'vitest';
import { settleWithin } from './settle-within.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Records the timers `settleWithin` creates. */
function spyTimers(): { created: NodeJS.Timeout[]; cleared: unknown[] } {
  const created: NodeJS.Timeout[] = [];
  const cleared: unknown[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
    const timer = realSetTimeout(...args);
    created.push(timer);
    return timer;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((timer) => {
    cleared.push(timer);
    realClearTimeout(timer);
  });
  return { created, cleared };
}

describe('settleWithin', () => {
  it('resolves true when the work settles first, and clears its ref-counted timer', async () => {
    const timers = spyTimers();
    await expect(settleWithin(Promise.resolve('done'), 60_000)).resolves.toBe(true);
    expect(timers.created).toHaveLength(1);
    expect(timers.created[0]!.hasRef()).toBe(true);
    expect(timers.cleared).toEqual(timers.created);
  });

  it('resolves true, never rejects, when the work rejects', async () => {
    await expect(settleWithin(Promise.reject(new Error('boom')), 60_000)).resolves.toBe(true);
  });

  it('resolves false after the timeout when the work never settles', async () => {
    const timers = spyTimers();
    await expect(settleWithin(new Promise(() => {}), 5)).resolves.toBe(false);
    expect(timers.created[0]!.hasRef()).toBe(true);
  });
});
