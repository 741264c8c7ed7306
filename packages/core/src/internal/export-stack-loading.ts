/**
 * Whether the export stack (Agent exporter, encoders, mapping) can be used right now. In the
 * sources and the CommonJS build it always can: it is imported, or required on its first use.
 * The ESM build swaps in `export-stack-loading-esm.ts` (tsup.config.ts), which imports it
 * asynchronously on the first export; the pipeline holds chunks until then.
 */
export function isExportStackLoaded(): boolean {
  return true;
}

/** Resolves once the export stack is loaded; never rejects here. */
export function loadExportStack(): Promise<void> {
  return Promise.resolve();
}
