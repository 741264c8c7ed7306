// Counting spans in stored payloads: msgpack v0.4 / v0.5 trace payloads and OTLP/protobuf
// ExportTraceServiceRequest bodies. Runs in the stand-in agent when stats are asked for.
import { Unpackr } from 'msgpackr';

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

/** `{ traces, spans }` in one Datadog payload; throws on a payload that is not well formed. */
export function countDatadogPayload(version, body) {
  const decoded = unpackr.unpack(body);
  const traces = version === '0.5' ? decoded?.[1] : decoded;
  if (!Array.isArray(traces)) throw new Error(`v${version} payload is not an array of traces`);
  if (version === '0.5' && !Array.isArray(decoded[0])) throw new Error('v0.5 payload has no string table');
  let spans = 0;
  for (const trace of traces) {
    if (!Array.isArray(trace)) throw new Error(`v${version} trace is not an array`);
    spans += trace.length;
  }
  return { traces: traces.length, spans };
}

// OTLP: ExportTraceServiceRequest { 1: ResourceSpans[] }, ResourceSpans { 2: ScopeSpans[] },
// ScopeSpans { 2: Span[] }. Only the length-delimited fields on that path need reading.
function readVarint(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
    shift += 7;
  }
}

/** Calls `onField(fieldNumber, start, end)` for each length-delimited field in buf[start, end). */
function forEachLenField(buf, start, end, onField) {
  let pos = start;
  while (pos < end) {
    let key;
    [key, pos] = readVarint(buf, pos);
    const wireType = key & 7;
    const field = Math.floor(key / 8);
    if (wireType === 0) [, pos] = readVarint(buf, pos);
    else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      let length;
      [length, pos] = readVarint(buf, pos);
      if (pos + length > end) throw new Error('truncated protobuf field');
      onField(field, pos, pos + length);
      pos += length;
    } else throw new Error(`unsupported protobuf wire type ${wireType}`);
  }
}

/** Spans in one OTLP/protobuf trace export body. */
export function countOtlpPayload(body) {
  let spans = 0;
  forEachLenField(body, 0, body.length, (field, start, end) => {
    if (field !== 1) return;
    forEachLenField(body, start, end, (f2, s2, e2) => {
      if (f2 !== 2) return;
      forEachLenField(body, s2, e2, (f3) => {
        if (f3 === 2) spans++;
      });
    });
  });
  return { traces: undefined, spans };
}
