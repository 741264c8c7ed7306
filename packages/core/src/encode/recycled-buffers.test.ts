import { describe, expect, it } from 'vitest';
import { RecycledBuffers } from './recycled-buffers.js';

describe('RecycledBuffers', () => {
  it('hands a given-back buffer out again, once', () => {
    const pool = new RecycledBuffers();
    const sent = pool.take(64 * 1024);
    pool.handOver(sent);
    pool.giveBack(sent.subarray(0, 1000));
    pool.giveBack(sent.subarray(0, 1000));
    expect(pool.take(64 * 1024).buffer).toBe(sent.buffer);
    expect(pool.take(64 * 1024).buffer).not.toBe(sent.buffer);
  });

  it('never takes back memory it did not hand over, nor a slice of Node’s shared pool', () => {
    const pool = new RecycledBuffers();
    const foreign = Buffer.allocUnsafeSlow(1024);
    pool.giveBack(foreign);
    const pooled = Buffer.allocUnsafe(100);
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    pool.handOver(pooled);
    pool.giveBack(pooled);
    const next = pool.take(16);
    expect([foreign.buffer, pooled.buffer]).not.toContain(next.buffer);
    expect(next.buffer.byteLength).toBe(16);
  });

  it('keeps at most four spares, and skips one that is too small', () => {
    const pool = new RecycledBuffers();
    const sent = Array.from({ length: 6 }, () => pool.take(1000));
    for (const buffer of sent) pool.handOver(buffer);
    for (const buffer of sent) pool.giveBack(buffer);
    const later = Array.from({ length: 6 }, () => pool.take(1000));
    expect(later.filter((b) => sent.some((s) => s.buffer === b.buffer))).toHaveLength(4);

    const small = pool.take(100);
    pool.handOver(small);
    pool.giveBack(small);
    expect(pool.take(200).buffer).not.toBe(small.buffer);
  });

  it('allocates the preferred size when nothing fits', () => {
    expect(new RecycledBuffers().take(100, 150).length).toBe(150);
  });
});
