import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The fields of the application's package.json that configuration uses. */
export interface AppPackage {
  readonly name?: string;
  readonly version?: string;
}

/** Returns the app's package.json fields; injectable so tests need no file system. */
export type AppPackageLookup = () => AppPackage;

/**
 * The directory the app was started from: the entry script's folder (`process.argv[1]`), else the
 * working directory (REPL, `node -e`). dd-trace-js uses `require.main`, which ESM apps do not have.
 */
export function appEntryDirectory(argv: readonly string[] = process.argv, cwd: () => string = process.cwd): string {
  const entry = argv[1];
  if (typeof entry === 'string' && entry !== '') {
    try {
      const absolute = resolve(entry);
      // A framework's own CLI (`next start`, `nest start`) is not the app: its package.json
      // would name the service after the framework.
      if (!absolute.split(/[\\/]/).includes('node_modules')) {
        return statSync(/* turbopackIgnore: true */ absolute).isDirectory() ? absolute : dirname(absolute);
      }
    } catch {
      // The entry may be a virtual path (bundlers, `node --eval`); fall through to cwd.
    }
  }
  return cwd();
}

/**
 * Reads the nearest package.json at or above `startDirectory`. Like dd-trace-js, the search stops at
 * the first package.json found, even if it has no name: an unreadable or nameless file yields `{}`.
 */
export function readNearestPackage(startDirectory: string): AppPackage {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, 'package.json');
    if (isFile(candidate)) return readPackageFields(candidate);
    const parent = dirname(directory);
    if (parent === directory) return {};
    directory = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readPackageFields(path: string): AppPackage {
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof json !== 'object' || json === null) return {};
    const { name, version } = json as Record<string, unknown>;
    return {
      ...(typeof name === 'string' && name !== '' ? { name } : {}),
      ...(typeof version === 'string' && version !== '' ? { version } : {}),
    };
  } catch {
    return {};
  }
}

let cachedAppPackage: AppPackage | undefined;

/** The default lookup: the app's nearest package.json, read once per process. */
export const findAppPackage: AppPackageLookup = () => {
  cachedAppPackage ??= Object.freeze(readNearestPackage(appEntryDirectory()));
  return cachedAppPackage;
};

const MAX_SERVICE_LENGTH = 100;

/**
 * Turns a package name into a service name the way dd-trace-js does for inferred services
 * (`normalize-service.js`): lower-cased, characters outside `[a-z0-9_:./-]` replaced by `_`, and
 * leading non-alphanumerics removed, so `@acme/Shop API` becomes `acme/shop_api`. The Agent
 * applies the same rules, so APM and runtime metrics agree on the name.
 */
export function serviceNameFromPackageName(name: string): string | undefined {
  const normalized = name
    .toLowerCase()
    .replace(/[^a-z0-9_:./-]/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_SERVICE_LENGTH);
  return normalized === '' ? undefined : normalized;
}
