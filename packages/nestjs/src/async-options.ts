import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { DatadogModuleOptions } from './options.js';
import { PACKAGE_NAME } from './version.js';

/** Options of `DatadogModule.forRootAsync()`. */
export interface DatadogModuleAsyncOptions {
  /** Modules exporting the providers `inject` names. */
  imports?: ModuleMetadata['imports'];
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Returns (or resolves to) the module's options. */
  useFactory: (...dependencies: any[]) => DatadogModuleOptions | undefined | Promise<DatadogModuleOptions | undefined>;
}

interface CheckedAsyncOptions {
  useFactory: DatadogModuleAsyncOptions['useFactory'];
  inject: NonNullable<DatadogModuleAsyncOptions['inject']>;
  imports: NonNullable<DatadogModuleAsyncOptions['imports']>;
}

const NAMES: readonly string[] = ['imports', 'inject', 'useFactory'];

/** @throws TypeError naming the malformed entry. */
export function checkAsyncOptions(options: unknown): CheckedAsyncOptions {
  const label = `${PACKAGE_NAME}: DatadogModule.forRootAsync()`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${label}: expected an object such as { useFactory, inject, imports }`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!NAMES.includes(key)) throw new TypeError(`${label}: unknown option "${key}"; the options are ${NAMES.join(', ')}`);
  }
  if (typeof given['useFactory'] !== 'function') throw new TypeError(`${label}: invalid option "useFactory": expected a function`);
  for (const key of ['inject', 'imports'] as const) {
    if (given[key] !== undefined && !Array.isArray(given[key])) throw new TypeError(`${label}: invalid option "${key}": expected an array`);
  }
  return {
    useFactory: given['useFactory'] as CheckedAsyncOptions['useFactory'],
    inject: (given['inject'] ?? []) as CheckedAsyncOptions['inject'],
    imports: (given['imports'] ?? []) as CheckedAsyncOptions['imports'],
  };
}
