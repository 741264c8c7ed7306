/**
 * The Agent exporter with the encoders and the span mapping: what only runs once spans are
 * exported. The CommonJS build ships it as its own file, loaded on first use (see
 * `deferred-export-stack.ts` and tsup.config.ts); the ESM build bundles it with the rest.
 */
export { AgentExporter } from '../export/agent-exporter.js';
export { createChunkMapper } from '../mapping/map-chunk.js';
