import { ROOT_CONTEXT, createContextKey, trace, type Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { contextWithSpan } from './context-entry.js';

const A = createContextKey('test A');
const B = createContextKey('test B');
const fakeSpan = (name: string): Span => ({ name }) as unknown as Span;

describe('contextWithSpan', () => {
  it('is read by the OTel API like trace.setSpan', () => {
    const span = fakeSpan('s');
    const context = contextWithSpan(ROOT_CONTEXT.setValue(A, 1), span);
    expect(trace.getSpan(context)).toBe(span);
    expect(context.getValue(A)).toBe(1);
    expect(context.getValue(B)).toBeUndefined();
  });

  it('behaves like the API context for set, override and delete, at any depth', () => {
    let ours = contextWithSpan(ROOT_CONTEXT, fakeSpan('root'));
    let theirs = trace.setSpan(ROOT_CONTEXT, fakeSpan('root'));
    const keys = [A, B, createContextKey('test C')];
    for (let i = 0; i < 200; i++) {
      const key = keys[i % 3]!;
      if (i % 7 === 0) {
        ours = ours.deleteValue(key);
        theirs = theirs.deleteValue(key);
      } else {
        ours = ours.setValue(key, i);
        theirs = theirs.setValue(key, i);
      }
      if (i % 11 === 0) {
        const span = fakeSpan(`s${i}`);
        ours = contextWithSpan(ours, span);
        theirs = trace.setSpan(theirs, span);
      }
      for (const probe of keys) expect(ours.getValue(probe)).toBe(theirs.getValue(probe));
      expect(trace.getSpan(ours)).toBe(trace.getSpan(theirs));
    }
  });

  it('never changes an existing context, and answers repeated look-ups the same', () => {
    const base = ROOT_CONTEXT.setValue(A, 'base');
    const parent = contextWithSpan(base, fakeSpan('p'));
    expect(parent.getValue(A)).toBe('base');
    const child = parent.setValue(A, 'child');
    expect(child.getValue(A)).toBe('child');
    expect(parent.getValue(A)).toBe('base');
    expect(parent.deleteValue(A).getValue(A)).toBeUndefined();
    expect(parent.getValue(A)).toBe('base');
    expect(parent.getValue(B)).toBeUndefined();
    expect(parent.getValue(A)).toBe('base');
  });
});
