import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEntryDirectory, readNearestPackage, serviceNameFromPackageName } from './app-package.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dd-otel-app-package-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: '@acme/shop', version: '1.2.3' }));
  mkdirSync(join(root, 'dist', 'server'), { recursive: true });
  writeFileSync(join(root, 'dist', 'server', 'main.js'), '');
  mkdirSync(join(root, 'nested'));
  writeFileSync(join(root, 'nested', 'package.json'), '{ not json');
  mkdirSync(join(root, 'typed'));
  writeFileSync(join(root, 'typed', 'package.json'), JSON.stringify({ type: 'module', name: 7 }));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readNearestPackage', () => {
  it('walks up to the nearest package.json', () => {
    expect(readNearestPackage(join(root, 'dist', 'server'))).toEqual({ name: '@acme/shop', version: '1.2.3' });
  });

  it('stops at the nearest file even when it is unreadable or has no usable name', () => {
    expect(readNearestPackage(join(root, 'nested'))).toEqual({});
    expect(readNearestPackage(join(root, 'typed'))).toEqual({});
  });
});

describe('appEntryDirectory', () => {
  it("uses the entry script's directory", () => {
    const entry = join(root, 'dist', 'server', 'main.js');
    expect(appEntryDirectory(['node', entry], () => '/elsewhere')).toBe(join(root, 'dist', 'server'));
  });

  it('uses a directory entry as is', () => {
    expect(appEntryDirectory(['node', join(root, 'dist')], () => '/elsewhere')).toBe(join(root, 'dist'));
  });

  it('falls back to the working directory without a real entry script', () => {
    expect(appEntryDirectory(['node'], () => '/cwd')).toBe('/cwd');
    expect(appEntryDirectory(['node', join(root, 'missing.js')], () => '/cwd')).toBe('/cwd');
  });
});

describe('serviceNameFromPackageName', () => {
  it('keeps the scope without its @, lower-cased, like dd-trace-js', () => {
    expect(serviceNameFromPackageName('@acme/shop')).toBe('acme/shop');
    expect(serviceNameFromPackageName('Shop.API_v2')).toBe('shop.api_v2');
  });

  it('replaces invalid characters, trims leading symbols and caps the length at 100', () => {
    expect(serviceNameFromPackageName('--my service')).toBe('my_service');
    expect(serviceNameFromPackageName('x'.repeat(150))).toHaveLength(100);
    expect(serviceNameFromPackageName('@@@')).toBeUndefined();
  });
});
