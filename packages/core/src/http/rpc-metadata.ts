import { createContextKey } from '../internal/otel-api.js';
import type { Context, Span } from '@opentelemetry/api';

/**
 * The OTel SDK's "RPC metadata": how `@opentelemetry/instrumentation-http` marks the server span
 * of the request it is handling. The key is created by name, so this matches `@opentelemetry/core`
 * without loading it.
 */
export interface RPCMetadata {
  type: string;
  span: Span;
  route?: string;
}

export const RPC_TYPE_HTTP = 'http';

const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

export function getRPCMetadata(context: Context): RPCMetadata | undefined {
  return context.getValue(RPC_METADATA_KEY) as RPCMetadata | undefined;
}
