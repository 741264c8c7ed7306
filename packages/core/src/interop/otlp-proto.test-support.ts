/**
 * Test support (not shipped). Decodes OTLP/HTTP protobuf trace exports the way a Collector does,
 * with protobufjs and the message definitions of opentelemetry-proto (trace, common, resource;
 * field numbers as in opentelemetry/proto/trace/v1/trace.proto). The OTel JS exporter serialises
 * by hand, so decoding with an independent schema checks what actually went over the wire.
 */
import protobuf from 'protobufjs';

const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status { string message = 2; int32 code = 3; }
`;

const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: true }).root;
const ExportTraceServiceRequest = root.lookupType('otlp.ExportTraceServiceRequest');

export type OtlpValue = string | number | boolean | OtlpValue[] | { [key: string]: OtlpValue } | Uint8Array | null;
export type OtlpAttributes = Record<string, OtlpValue>;

/** One decoded span, flattened with its resource and scope; ids in lower hex, times as ns strings. */
export interface OtlpSpan {
  resource: OtlpAttributes;
  scope: { name: string; version: string };
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  /** OTLP numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttributes;
  events: Array<{ name: string; timeUnixNano: string; attributes: OtlpAttributes }>;
  links: Array<{ traceId: string; spanId: string; traceState: string; attributes: OtlpAttributes }>;
  status: { code: number; message: string };
}

type Raw = Record<string, unknown>;

/** Decodes one `ExportTraceServiceRequest` body into flat spans. */
export function decodeTraceExport(body: Uint8Array): OtlpSpan[] {
  const message = ExportTraceServiceRequest.decode(body);
  const request = ExportTraceServiceRequest.toObject(message, {
    longs: String,
    defaults: true,
    arrays: true,
    oneofs: false,
  }) as Raw;
  const spans: OtlpSpan[] = [];
  for (const resourceSpans of request.resource_spans as Raw[]) {
    const resource = attributesOf(((resourceSpans.resource as Raw | null)?.attributes as Raw[]) ?? []);
    for (const scopeSpans of resourceSpans.scope_spans as Raw[]) {
      const scope = (scopeSpans.scope as Raw | null) ?? {};
      for (const span of scopeSpans.spans as Raw[]) {
        spans.push(toSpan(span, resource, { name: String(scope.name ?? ''), version: String(scope.version ?? '') }));
      }
    }
  }
  return spans;
}

function toSpan(span: Raw, resource: OtlpAttributes, scope: OtlpSpan['scope']): OtlpSpan {
  const status = (span.status as Raw | null) ?? {};
  return {
    resource,
    scope,
    traceId: hex(span.trace_id),
    spanId: hex(span.span_id),
    parentSpanId: hex(span.parent_span_id),
    traceState: String(span.trace_state),
    flags: Number(span.flags),
    name: String(span.name),
    kind: Number(span.kind),
    startTimeUnixNano: String(span.start_time_unix_nano),
    endTimeUnixNano: String(span.end_time_unix_nano),
    attributes: attributesOf(span.attributes as Raw[]),
    events: (span.events as Raw[]).map((event) => ({
      name: String(event.name),
      timeUnixNano: String(event.time_unix_nano),
      attributes: attributesOf(event.attributes as Raw[]),
    })),
    links: (span.links as Raw[]).map((link) => ({
      traceId: hex(link.trace_id),
      spanId: hex(link.span_id),
      traceState: String(link.trace_state),
      attributes: attributesOf(link.attributes as Raw[]),
    })),
    status: { code: Number(status.code ?? 0), message: String(status.message ?? '') },
  };
}

function attributesOf(keyValues: Raw[]): OtlpAttributes {
  const attributes: OtlpAttributes = {};
  for (const keyValue of keyValues) attributes[String(keyValue.key)] = valueOf(keyValue.value as Raw | null);
  return attributes;
}

function valueOf(value: Raw | null | undefined): OtlpValue {
  if (!value) return null;
  if ('string_value' in value) return String(value.string_value);
  if ('bool_value' in value) return Boolean(value.bool_value);
  // int64 arrive as decimal strings (longs: String); the tests use small integers.
  if ('int_value' in value) return Number(value.int_value);
  if ('double_value' in value) return Number(value.double_value);
  if ('array_value' in value) return ((value.array_value as Raw).values as Raw[]).map(valueOf);
  if ('kvlist_value' in value) return attributesOf((value.kvlist_value as Raw).values as Raw[]);
  if ('bytes_value' in value) return value.bytes_value as Uint8Array;
  return null;
}

function hex(bytes: unknown): string {
  return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('hex') : '';
}
