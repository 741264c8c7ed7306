import type { Attributes } from '@opentelemetry/api';
import { SpanKind } from '../internal/otel-api.js';
import { lookupAttribute } from './attribute-lookup.js';

/**
 * `otel-v2` mode resource: the Agent's `GetOTelResourceV2` (spec §1.3) minus the
 * `resource.name` step, which the caller applies in both modes. Returns the span name when no
 * rule matches. Length is capped by the caller's normalisation.
 */
export function otelV2Resource(kind: SpanKind, attributes: Attributes, spanName: string): string {
  let method = lookupAttribute(attributes, false, 'http.request.method', 'http.method');
  if (method !== '') {
    if (method === '_OTHER') method = 'HTTP';
    if (kind === SpanKind.SERVER) {
      const route = lookupAttribute(attributes, false, 'http.route');
      if (route !== '') return `${method} ${route}`;
    }
    return method;
  }

  const messagingOperation = lookupAttribute(attributes, false, 'messaging.operation');
  if (messagingOperation !== '') {
    const destination = lookupAttribute(
      attributes,
      false,
      'messaging.destination',
      'messaging.destination.name',
    );
    return destination !== '' ? `${messagingOperation} ${destination}` : messagingOperation;
  }

  const rpcMethod = lookupAttribute(attributes, false, 'rpc.method');
  if (rpcMethod !== '') {
    const rpcService = lookupAttribute(attributes, false, 'rpc.service');
    return rpcService !== '' ? `${rpcMethod} ${rpcService}` : rpcMethod;
  }

  const graphqlType = lookupAttribute(attributes, false, 'graphql.operation.type');
  if (graphqlType !== '') {
    const graphqlName = lookupAttribute(attributes, false, 'graphql.operation.name');
    return graphqlName !== '' ? `${graphqlType} ${graphqlName}` : graphqlType;
  }

  if (lookupAttribute(attributes, false, 'db.system') !== '') {
    const statement = lookupAttribute(attributes, false, 'db.statement');
    if (statement !== '') return statement;
    const queryText = lookupAttribute(attributes, false, 'db.query.text');
    if (queryText !== '') return queryText;
  }

  return spanName;
}
