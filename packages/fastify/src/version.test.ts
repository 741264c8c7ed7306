import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME, VERSION } from './version.js';

describe('version', () => {
  it('matches package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect({ name: PACKAGE_NAME, version: VERSION }).toEqual({ name: manifest.name, version: manifest.version });
  });
});
