/**
 * True in Next's Node.js runtime (and plain Node, e.g. a custom server or a test), false in the
 * Edge runtime. Next inlines `process.env.NEXT_RUNTIME` at build time, so the Edge branch is
 * decided before anything Node-only could be loaded.
 */
export function isNodeRuntime(): boolean {
  if (typeof process === 'undefined' || process === null) return false;
  const runtime = process.env?.NEXT_RUNTIME;
  if (runtime !== undefined && runtime !== 'nodejs') return false;
  return typeof process.versions?.node === 'string';
}
