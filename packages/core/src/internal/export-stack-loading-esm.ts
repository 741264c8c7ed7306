/**
 * The ESM build's export-stack loading (swapped in for `export-stack-loading.ts` and behind the
 * export-stack stand-ins, see tsup.config.ts). ESM cannot load a module synchronously on every
 * Node 20, so `./export-stack.js` is imported on the first export and the pipeline holds chunks
 * until it arrives (a few milliseconds, once). An app that never exports never parses it, and
 * one that does parses it after its start-up instead of during `import '@dd-otel/core'`.
 * Bundlers see a literal dynamic import and bundle the file.
 */
import type { ExportStack } from './deferred-export-stack.js';

let stack: ExportStack | undefined;
let loading: Promise<void> | undefined;

export function isExportStackLoaded(): boolean {
  return stack !== undefined;
}

/** Starts the import once; rejects if the file cannot be loaded (the caller logs it). */
export function loadExportStack(): Promise<void> {
  loading ??= import('./export-stack.js').then((module: ExportStack) => {
    stack = module;
  });
  return loading;
}

/** The loaded stack, or undefined before `loadExportStack()` resolved. */
export function loadedExportStack(): ExportStack | undefined {
  return stack;
}
