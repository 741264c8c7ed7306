import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedDifferences, steadyRounds } from './stats.mjs';

test('steady rounds are those whose baseline is within the tolerance of its fastest round', () => {
  const bare = [22.0, 24.0, 25.5, 50.1, 21.0, 30.0];
  // fastest 21.0: within 15 % means at most 24.15
  assert.deepEqual(steadyRounds(bare, 0.15), [0, 1, 4]);
  assert.deepEqual(steadyRounds(bare, 0.25), [0, 1, 2, 4]);
});

test('rounds without a finite baseline are never steady', () => {
  assert.deepEqual(steadyRounds([Number.NaN, 20, undefined, 21], 0.1), [1, 3]);
  assert.deepEqual(steadyRounds([], 0.1), []);
});

test('paired differences are taken round by round before summarising', () => {
  const summary = pairedDifferences([30, 40, 31], [20, 35, 22]);
  assert.deepEqual(summary, { median: 9, min: 5, max: 10, n: 3 });
});
