import { unpack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { writeExtraMetrics } from './compact-entries-v04.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { RepeatedEntries } from './repeated-entries.js';

/** Writes each object's entries as one map, the way the span writer does, and decodes them. */
function writeAll(objects: Array<Record<string, number> | undefined>, resetAfter = -1): { maps: unknown[]; written: number } {
  const writer = new MsgpackWriter({ initialSize: 64 });
  let written = 0;
  const entries = new RepeatedEntries<Record<string, number>>((w, source) => {
    written++;
    return writeExtraMetrics(w, source);
  });
  const maps: unknown[] = [];
  objects.forEach((object, i) => {
    const at = writer.map32Placeholder();
    const count = entries.write(writer, object);
    writer.patchCount32(at, count);
    maps.push(unpack(writer.bytes().subarray(at)));
    if (i === resetAfter) writer.reset();
  });
  return { maps, written };
}

describe('RepeatedEntries', () => {
  it('copies the bytes of a frozen object it wrote before in the payload', () => {
    const shared = Object.freeze({ '_dd.top_level': 1, '_dd.agent_psr': 0.5 });
    const { maps, written } = writeAll([shared, shared, shared]);
    expect(maps).toEqual([shared, shared, shared]);
    expect(written).toBe(1);
  });

  it('writes afresh an object that is not frozen, another object, none, and in a new payload', () => {
    const open = { a: 1 };
    const shared = Object.freeze({ b: 2 });
    const { maps, written } = writeAll([open, open, shared, undefined, shared, Object.freeze({ b: 3 }), shared], 4);
    expect(maps).toEqual([{ a: 1 }, { a: 1 }, { b: 2 }, {}, { b: 2 }, { b: 3 }, { b: 2 }]);
    // open ×2, shared, none, shared (again after the none), b:3, shared (after the reset and b:3).
    expect(written).toBe(7);
  });

  it('sees a change to an object that is not frozen', () => {
    const open: Record<string, number> = { a: 1 };
    const writer = new MsgpackWriter();
    const entries = new RepeatedEntries<Record<string, number>>(writeExtraMetrics);
    entries.write(writer, open);
    open.a = 2;
    const at = writer.map32Placeholder();
    writer.patchCount32(at, entries.write(writer, open));
    expect(unpack(writer.bytes().subarray(at))).toEqual({ a: 2 });
  });
});
