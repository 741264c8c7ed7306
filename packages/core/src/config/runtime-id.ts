import { nodeCrypto } from '../internal/node-builtins.js';

let runtimeId: string | undefined;

/**
 * Identifies this process to Datadog (`runtime-id` tag); one value for the process lifetime.
 * Drawn on first use: `node:crypto` is not worth loading at start-up for it.
 */
export function getRuntimeId(): string {
  return (runtimeId ??= nodeCrypto().randomUUID());
}
