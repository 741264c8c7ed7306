import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './workspace.js';

/**
 * The core README's options tables stay complete: every `DatadogOptions` option and every
 * environment variable core reads is documented (read from the sources, so a new option or
 * variable without documentation fails here).
 */

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const readme = read('packages/core/README.md');

function optionNames(): string[] {
  const source = read('packages/core/src/config/options.ts');
  const body = /export interface DatadogOptions \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s{2}(\w+)\??:/gm)].map((match) => match[1]!);
}

function environmentVariables(): string[] {
  const source = read('packages/core/src/config/env.ts');
  const list = /ENVIRONMENT_VARIABLE_NAMES = \[([\s\S]*?)\] as const/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([A-Z0-9_]+)'/g)].map((match) => match[1]!);
}

describe('packages/core/README.md', () => {
  it('documents every DatadogOptions option in the options table', () => {
    const options = optionNames();
    expect(options.length).toBeGreaterThan(20);
    expect(options.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it('documents every environment variable core reads', () => {
    const variables = environmentVariables();
    expect(variables.length).toBeGreaterThan(40);
    expect(variables.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
