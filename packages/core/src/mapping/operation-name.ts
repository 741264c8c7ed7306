import type { Attributes } from '@opentelemetry/api';
import { SpanKind } from '../internal/otel-api.js';
import { lookupAttribute } from './attribute-lookup.js';
import { pdataSpanKindName, spanKindName } from './span-kind.js';

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * dd-trace-js `spanNameMapper` fallback table (spec §1.2), used in `datadog` naming mode only
 * when neither an `operation.name` attribute nor a span name is available. JS truthiness and
 * template-string coercion as in dd-trace-js.
 */
export function datadogFallbackOperationName(kind: SpanKind, attributes: Attributes): string {
  const isServer = kind === SpanKind.SERVER;
  const isClient = kind === SpanKind.CLIENT;

  if (isPresent(attributes['http.method']) || isPresent(attributes['http.request.method'])) {
    if (isServer) return 'http.server.request';
    if (isClient) return 'http.client.request';
  }

  const dbSystem = attributes['db.system'];
  if (dbSystem && isClient) return `${String(dbSystem)}.query`;

  const messagingSystem = attributes['messaging.system'];
  const messagingOperation = attributes['messaging.operation'];
  if (messagingSystem && messagingOperation && kind !== SpanKind.INTERNAL) {
    return `${String(messagingSystem)}.${String(messagingOperation)}`;
  }

  const rpcSystem = attributes['rpc.system'];
  if (rpcSystem) {
    if (isClient) {
      return rpcSystem === 'aws-api'
        ? `aws.${String(attributes['rpc.service'] || 'client')}.request`
        : `${String(rpcSystem)}.client.request`;
    }
    if (isServer) return `${String(rpcSystem)}.server.request`;
  }

  const faasProvider = attributes['faas.invoked_provider'];
  const faasName = attributes['faas.invoked_name'];
  if (isClient && faasProvider && faasName) {
    return `${String(faasProvider)}.${String(faasName)}.invoke`;
  }
  const faasTrigger = attributes['faas.trigger'];
  if (isServer && faasTrigger) return `${String(faasTrigger)}.invoke`;

  if (isPresent(attributes['graphql.operation.type'])) return 'graphql.server.request';

  const protocol = attributes['network.protocol.name'];
  const prefix = protocol ? `${String(protocol)}.` : '';
  if (isServer) return `${prefix}server.request`;
  if (isClient) return `${prefix}client.request`;
  return spanKindName(kind);
}

/**
 * `datadog` mode (dd-trace-js parity plus DESIGN §4): a non-empty string `operation.name`
 * attribute wins, then the span name, then the fallback table.
 */
export function datadogOperationName(
  spanName: string,
  operationNameAttribute: string | undefined,
  kind: SpanKind,
  attributes: Attributes,
): string {
  if (operationNameAttribute) return operationNameAttribute;
  if (spanName) return spanName;
  return datadogFallbackOperationName(kind, attributes);
}

/**
 * `otel-v2` mode: the Agent's `GetOTelOperationNameV2` (OTLP ingest). The span name is never
 * used; values are normalised as the Agent does.
 */
export function otelV2OperationName(kind: SpanKind, attributes: Attributes): string {
  const operationName = lookupAttribute(attributes, true, 'operation.name');
  if (operationName !== '') return operationName;

  const isServer = kind === SpanKind.SERVER;
  const isClient = kind === SpanKind.CLIENT;

  if (lookupAttribute(attributes, false, 'http.request.method', 'http.method') !== '') {
    if (isServer) return 'http.server.request';
    if (isClient) return 'http.client.request';
  }

  const dbSystem = lookupAttribute(attributes, true, 'db.system');
  if (dbSystem !== '' && isClient) return `${dbSystem}.query`;

  const messagingSystem = lookupAttribute(attributes, true, 'messaging.system');
  const messagingOperation = lookupAttribute(attributes, true, 'messaging.operation');
  if (messagingSystem !== '' && messagingOperation !== '' && kind !== SpanKind.INTERNAL) {
    return `${messagingSystem}.${messagingOperation}`;
  }

  const rpcSystem = lookupAttribute(attributes, true, 'rpc.system');
  if (rpcSystem !== '') {
    if (rpcSystem === 'aws-api' && isClient) {
      const rpcService = lookupAttribute(attributes, true, 'rpc.service');
      return rpcService !== '' ? `aws.${rpcService}.request` : 'aws.client.request';
    }
    if (isClient) return `${rpcSystem}.client.request`;
    if (isServer) return `${rpcSystem}.server.request`;
  }

  const faasProvider = lookupAttribute(attributes, true, 'faas.invoked_provider');
  const faasName = lookupAttribute(attributes, true, 'faas.invoked_name');
  if (faasProvider !== '' && faasName !== '' && isClient) {
    return `${faasProvider}.${faasName}.invoke`;
  }
  const faasTrigger = lookupAttribute(attributes, true, 'faas.trigger');
  if (faasTrigger !== '' && isServer) return `${faasTrigger}.invoke`;

  if (lookupAttribute(attributes, true, 'graphql.operation.type') !== '') {
    return 'graphql.server.request';
  }

  const protocol = lookupAttribute(attributes, true, 'network.protocol.name');
  if (isServer) return protocol !== '' ? `${protocol}.server.request` : 'server.request';
  if (isClient) return protocol !== '' ? `${protocol}.client.request` : 'client.request';
  return pdataSpanKindName(kind);
}
