/**
 * The packages a built `dist/` loads at run time: bare specifiers of static imports, dynamic
 * imports and `require()` calls in its JavaScript files (not in source maps or declarations).
 */
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"'\s]+)["']/g;
const BUILTINS = new Set(builtinModules);

function javascriptFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...javascriptFiles(path));
    else if (/\.(c|m)?js$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageName(specifier));
}

/** Package names imported by the JavaScript in `distDir`, builtins excluded, sorted. */
export function distPackageImports(distDir: string): string[] {
  const names = new Set<string>();
  for (const file of javascriptFiles(distDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      names.add(packageName(specifier));
    }
  }
  return [...names].sort();
}

/** True when any JavaScript file in `distDir` contains `text`. */
export function distContains(distDir: string, text: string): string[] {
  return javascriptFiles(distDir).filter((file) => readFileSync(file, 'utf8').includes(text));
}
