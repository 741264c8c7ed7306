/**
 * Core's entry files leave the export stack (Agent exporter, encoders, mapping) to a file of its
 * own that loads on the first export, in both formats: parsing it is about half of what loading
 * core costs. Fails when a build change bundles it back into an entry file, or stops shipping it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './workspace.js';

const DIST = join(REPO_ROOT, 'packages/core/dist');
/** Classes only the export stack defines (names survive the build's minification). */
const STACK_CLASSES = /\bGrowableBuffer\b|\bMsgpackWriter\b|\bV04Encoder\b/;

describe.each([
  { entry: 'index.js', stack: 'export-stack.js', load: 'import("./export-stack.js")' },
  { entry: 'index.cjs', stack: 'export-stack.cjs', load: 'require("./export-stack.cjs")' },
])('core dist/$entry', ({ entry, stack, load }) => {
  const entryCode = readFileSync(join(DIST, entry), 'utf8');

  it(`loads the export stack from dist/${stack} instead of carrying it`, () => {
    expect(entryCode).toContain(load);
    expect(entryCode).not.toMatch(STACK_CLASSES);
    expect(readFileSync(join(DIST, stack), 'utf8')).toMatch(STACK_CLASSES);
  });
});

it('core ships both export-stack files', () => {
  const files = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/core/package.json'), 'utf8')).files as string[];
  expect(files).toContain('dist');
  expect(files.filter((pattern) => pattern.startsWith('!') && pattern.includes('export-stack'))).toEqual([]);
});
