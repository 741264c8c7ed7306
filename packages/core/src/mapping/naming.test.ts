import { describe, expect, it } from 'vitest';
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { mapChunk } from './map-chunk.js';
import { datadogFallbackOperationName, otelV2OperationName } from './operation-name.js';
import { otelV2Resource } from './resource.js';
import { otelV2SpanType } from './span-type.js';
import { testContext, testSpan } from './test-span.js';

const { INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER } = SpanKind;

function mapNamed(name: string, kind: SpanKind, attributes: Attributes, naming: 'datadog' | 'otel-v2') {
  return mapChunk([testSpan({ name, kind, attributes })], testContext({}, { naming }))[0]!;
}

describe("naming: 'datadog' (dd-trace-js parity)", () => {
  it('uses the span name as operation name and resource, with no type', () => {
    const record = mapNamed('GET /users/:id', SERVER, { 'http.request.method': 'GET', 'http.route': '/users/:id' }, 'datadog');
    expect(record).toMatchObject({ name: 'GET /users/:id', resource: 'GET /users/:id', type: '' });
  });

  it('lets operation.name, resource.name and span.type attributes override', () => {
    const record = mapNamed(
      'GET /users/:id',
      SERVER,
      { 'operation.name': 'express.request', 'resource.name': 'GET /users/:id', 'span.type': 'web' },
      'datadog',
    );
    expect(record).toMatchObject({ name: 'express.request', resource: 'GET /users/:id', type: 'web' });
  });

  it('ignores an empty operation.name', () => {
    expect(mapNamed('my.op', INTERNAL, { 'operation.name': '' }, 'datadog').name).toBe('my.op');
  });

  it.each<[string, SpanKind, Attributes, string]>([
    ['http server', SERVER, { 'http.method': 'GET' }, 'http.server.request'],
    ['http client (new key)', CLIENT, { 'http.request.method': 'GET' }, 'http.client.request'],
    ['http on internal falls through', INTERNAL, { 'http.method': 'GET' }, 'internal'],
    ['db client', CLIENT, { 'db.system': 'postgresql' }, 'postgresql.query'],
    ['db on server is not a query', SERVER, { 'db.system': 'postgresql' }, 'server.request'],
    ['messaging producer', PRODUCER, { 'messaging.system': 'kafka', 'messaging.operation': 'publish' }, 'kafka.publish'],
    ['messaging internal ignored', INTERNAL, { 'messaging.system': 'kafka', 'messaging.operation': 'publish' }, 'internal'],
    ['aws client', CLIENT, { 'rpc.system': 'aws-api', 'rpc.service': 'S3' }, 'aws.S3.request'],
    ['aws client without service', CLIENT, { 'rpc.system': 'aws-api' }, 'aws.client.request'],
    ['rpc client', CLIENT, { 'rpc.system': 'grpc' }, 'grpc.client.request'],
    ['rpc server', SERVER, { 'rpc.system': 'grpc' }, 'grpc.server.request'],
    ['faas client', CLIENT, { 'faas.invoked_provider': 'aws', 'faas.invoked_name': 'fn' }, 'aws.fn.invoke'],
    ['faas server', SERVER, { 'faas.trigger': 'http' }, 'http.invoke'],
    ['graphql', INTERNAL, { 'graphql.operation.type': 'query' }, 'graphql.server.request'],
    ['protocol server', SERVER, { 'network.protocol.name': 'amqp' }, 'amqp.server.request'],
    ['plain client', CLIENT, {}, 'client.request'],
    ['producer', PRODUCER, {}, 'producer'],
    ['consumer', CONSUMER, {}, 'consumer'],
  ])('fallback table when the span name is empty: %s', (_label, kind, attributes, expected) => {
    expect(datadogFallbackOperationName(kind, attributes)).toBe(expected);
    expect(mapNamed('', kind, attributes, 'datadog').name).toBe(expected);
  });

  it('uses operation.name before the table when the span name is empty', () => {
    expect(mapNamed('', SERVER, { 'operation.name': 'web.request', 'http.method': 'GET' }, 'datadog').name).toBe('web.request');
  });
});

describe("naming: 'otel-v2' (Agent OTLP V2 rules)", () => {
  it('derives http.server.request, METHOD + route and web for an HTTP server span', () => {
    const record = mapNamed('GET', SERVER, { 'http.request.method': 'GET', 'http.route': '/users/:id' }, 'otel-v2');
    expect(record).toMatchObject({ name: 'http.server.request', resource: 'GET /users/:id', type: 'web' });
  });

  it('still lets operation.name (normalised), resource.name and span.type win', () => {
    const record = mapNamed(
      'GET',
      SERVER,
      { 'operation.name': 'Express.Request', 'resource.name': 'GET /u', 'span.type': 'custom-web', 'http.method': 'GET' },
      'otel-v2',
    );
    expect(record).toMatchObject({ name: 'express.request', resource: 'GET /u', type: 'custom-web' });
  });

  it('never uses the span name as operation name', () => {
    expect(mapNamed('my.op', INTERNAL, {}, 'otel-v2')).toMatchObject({ name: 'Internal', resource: 'my.op', type: 'custom' });
  });

  it.each<[string, SpanKind, Attributes, string]>([
    ['empty http method does not count', SERVER, { 'http.request.method': '' }, 'server.request'],
    ['db system normalised', CLIENT, { 'db.system': 'PostgreSQL' }, 'postgresql.query'],
    ['messaging consumer', CONSUMER, { 'messaging.system': 'Kafka', 'messaging.operation': 'receive' }, 'kafka.receive'],
    ['aws service normalised', CLIENT, { 'rpc.system': 'aws-api', 'rpc.service': 'S3' }, 'aws.s3.request'],
    ['producer fallback', PRODUCER, {}, 'Producer'],
    ['consumer fallback', CONSUMER, {}, 'Consumer'],
  ])('operation name: %s', (_label, kind, attributes, expected) => {
    expect(otelV2OperationName(kind, attributes)).toBe(expected);
  });

  it.each<[string, SpanKind, Attributes, string]>([
    ['client method only', CLIENT, { 'http.method': 'POST', 'http.route': '/x' }, 'POST'],
    ['_OTHER method', SERVER, { 'http.request.method': '_OTHER' }, 'HTTP'],
    ['first present key wins', SERVER, { 'http.request.method': 'PUT', 'http.method': 'GET' }, 'PUT'],
    ['messaging with destination', PRODUCER, { 'messaging.operation': 'publish', 'messaging.destination.name': 'orders' }, 'publish orders'],
    ['rpc', CLIENT, { 'rpc.method': 'Get', 'rpc.service': 'Users' }, 'Get Users'],
    ['graphql', SERVER, { 'graphql.operation.type': 'query', 'graphql.operation.name': 'GetUser' }, 'query GetUser'],
    ['db statement', CLIENT, { 'db.system': 'mysql', 'db.statement': 'SELECT 1' }, 'SELECT 1'],
    ['db query text', CLIENT, { 'db.system': 'mysql', 'db.query.text': 'SELECT 2' }, 'SELECT 2'],
    ['statement without db.system', CLIENT, { 'db.statement': 'SELECT 1' }, 'span-name'],
  ])('resource: %s', (_label, kind, attributes, expected) => {
    expect(otelV2Resource(kind, attributes, 'span-name')).toBe(expected);
  });

  it.each<[SpanKind, Attributes, string]>([
    [SERVER, {}, 'web'],
    [CLIENT, {}, 'http'],
    [CLIENT, { 'db.system': 'postgresql' }, 'sql'],
    [CLIENT, { 'db.system': 'Redis' }, 'redis'],
    [CLIENT, { 'db.system': 'mongodb' }, 'mongodb'],
    [CLIENT, { 'db.system': 'dynamodb' }, 'db'],
    [CLIENT, { 'db.system': 'something-new' }, 'db'],
    [INTERNAL, {}, 'custom'],
    [PRODUCER, {}, 'custom'],
  ])('span type for kind %s with %o is %s', (kind, attributes, expected) => {
    expect(otelV2SpanType(kind, attributes)).toBe(expected);
  });

  it('falls back to the span name for the resource when no rule matches', () => {
    expect(mapNamed('work', INTERNAL, { 'resource.name': '' }, 'otel-v2').resource).toBe('work');
  });
});
