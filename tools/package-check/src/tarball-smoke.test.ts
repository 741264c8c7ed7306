import { inject, it, expect } from 'vitest';
it('provides', () => {
  const packed = inject('packed');
  console.log(JSON.stringify(packed, null, 1));
  expect(Object.keys(packed.tarballs).length).toBeGreaterThan(0);
});
