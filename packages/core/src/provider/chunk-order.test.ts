import { describe, expect, it } from 'vitest';
import type { DatadogSpan } from '../span/span.js';
import { putLocalRootFirst } from './chunk-order.js';

const span = (name: string, isLocalRoot = false): DatadogSpan => ({ name, isLocalRoot }) as unknown as DatadogSpan;
const names = (chunk: DatadogSpan[]): string[] => chunk.map((entry) => entry.name);

describe('putLocalRootFirst', () => {
  it('moves the local root to the front and keeps the others in their end order', () => {
    const chunk = [span('a'), span('b'), span('root', true), span('c')];
    putLocalRootFirst(chunk);
    expect(names(chunk)).toEqual(['root', 'a', 'b', 'c']);
  });

  it('leaves a chunk alone when its root is first already or it has none (a partial flush)', () => {
    const rootFirst = [span('root', true), span('a')];
    putLocalRootFirst(rootFirst);
    expect(names(rootFirst)).toEqual(['root', 'a']);
    const noRoot = [span('a'), span('b')];
    putLocalRootFirst(noRoot);
    expect(names(noRoot)).toEqual(['a', 'b']);
  });
});
