import type { Attributes } from '@opentelemetry/api';
import { SpanKind } from '../internal/otel-api.js';
import { lookupAttribute } from './attribute-lookup.js';

const SQL_SYSTEMS = [
  'other_sql', 'mssql', 'mysql', 'oracle', 'db2', 'postgresql', 'redshift', 'cloudscape',
  'hsqldb', 'maxdb', 'ingres', 'firstsql', 'edb', 'cache', 'firebird', 'derby', 'informix',
  'mariadb', 'sqlite', 'sybase', 'teradata', 'vertica', 'h2', 'coldfusion', 'cockroachdb',
  'progress', 'hanadb', 'adabas', 'filemaker', 'instantdb', 'interbase', 'netezza', 'pervasive',
  'pointbase', 'clickhouse',
];

/** The Agent's `dbTypes` table (otel_util.go); systems not listed map to `db`. */
const DB_SPAN_TYPES: ReadonlyMap<string, string> = new Map<string, string>([
  ...SQL_SYSTEMS.map((system): [string, string] => [system, 'sql']),
  ['cassandra', 'cassandra'],
  ['redis', 'redis'],
  ['memcached', 'memcached'],
  ['mongodb', 'mongodb'],
  ['elasticsearch', 'elasticsearch'],
  ['opensearch', 'opensearch'],
]);

/**
 * `otel-v2` mode span type: the Agent's `GetOTelSpanType` minus the `span.type` attribute step
 * (the caller applies it in both modes). `datadog` mode derives no type (dd-trace-js parity).
 */
export function otelV2SpanType(kind: SpanKind, attributes: Attributes): string {
  if (kind === SpanKind.SERVER) return 'web';
  if (kind === SpanKind.CLIENT) {
    const dbSystem = lookupAttribute(attributes, true, 'db.system');
    if (dbSystem === '') return 'http';
    return DB_SPAN_TYPES.get(dbSystem) ?? 'db';
  }
  return 'custom';
}
