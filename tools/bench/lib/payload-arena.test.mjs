import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PayloadArena } from './payload-arena.mjs';

test('bodies are copied into the arena back to back and keep their bytes', () => {
  const arena = new PayloadArena(64);
  const first = arena.store([Buffer.from('abc'), Buffer.from('de')], 5);
  const second = arena.store([Buffer.from('xyz')], 3);
  assert.equal(first.toString(), 'abcde');
  assert.equal(second.toString(), 'xyz');
  assert.equal(first.buffer, second.buffer, 'both views are of the arena');
  assert.equal(second.byteOffset, first.byteOffset + 5);
});

test('a body that does not fit gets memory of its own and later bodies still fit', () => {
  const arena = new PayloadArena(8);
  const big = arena.store([Buffer.from('0123456'), Buffer.from('789')], 10);
  assert.equal(big.toString(), '0123456789');
  assert.notEqual(big.buffer, arena.store([Buffer.from('ok')], 2).buffer);
});

test('reset starts the arena over', () => {
  const arena = new PayloadArena(4);
  arena.store([Buffer.from('abcd')], 4);
  const after = arena.store([Buffer.from('e')], 1);
  assert.equal(after.toString(), 'e');
  assert.equal(arena.used, 4, 'a full arena takes nothing more');
  arena.reset();
  const again = arena.store([Buffer.from('fgh')], 3);
  assert.equal(again.byteOffset, 0);
  assert.equal(again.toString(), 'fgh');
});
