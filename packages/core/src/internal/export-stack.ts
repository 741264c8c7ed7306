/**
 * The Agent exporter with the encoders and the span mapping: what only runs once spans are
 * exported. Both builds ship it as a file of its own, loaded on the first export: CommonJS
 * requires it, ESM imports it (see `deferred-export-stack.ts`, `export-stack-loading-esm.ts` and
 * tsup.config.ts).
 */
export { AgentExporter } from '../export/agent-exporter.js';
export { createChunkMapper } from '../mapping/map-chunk.js';
