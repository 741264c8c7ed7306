import { baggageEntryMetadataFromString, propagation } from '../internal/otel-api.js';
import type { BaggageEntry, Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '../export/suppress-tracing.js';
import type { ResolvedConfig } from '../config/options.js';
import { logger } from '../internal/diag.js';
import { readListHeader } from './header-access.js';

export const BAGGAGE_HEADER = 'baggage';

// W3C baggage key = RFC 7230 token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Properties are sent as given when they cannot break the list (no comma, printable ASCII).
const SAFE_PROPERTIES = /^[\x20-\x2b\x2d-\x7e]*$/;

export type BaggagePropagatorConfig = Pick<ResolvedConfig, 'baggageMaxItems' | 'baggageMaxBytes'>;

/**
 * W3C `baggage` (spec §6.5) with Datadog's limits (`DD_TRACE_BAGGAGE_MAX_ITEMS`, `_MAX_BYTES`),
 * which OTel's `W3CBaggagePropagator` hard-codes (180 / 8192). Injection stops at the first
 * entry past a limit; extraction rejects the whole header when one member is malformed and
 * keeps at most the configured items and bytes.
 */
export class BaggagePropagator implements TextMapPropagator {
  private readonly maxItems: number;
  private readonly maxBytes: number;

  constructor(config: BaggagePropagatorConfig) {
    this.maxItems = config.baggageMaxItems;
    this.maxBytes = config.baggageMaxBytes;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const baggage = propagation.getBaggage(context);
      if (baggage === undefined || isTracingSuppressed(context)) return;
      const header = this.serialize(baggage.getAllEntries());
      if (header !== '') setter.set(carrier, BAGGAGE_HEADER, header);
    } catch (error) {
      logger.debug(`baggage injection failed: ${String(error)}`);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const header = readListHeader(carrier, getter, BAGGAGE_HEADER);
      if (header === undefined) return context;
      const entries = this.parse(header);
      if (entries === undefined || Object.keys(entries).length === 0) return context;
      return propagation.setBaggage(context, propagation.createBaggage(entries));
    } catch (error) {
      logger.debug(`baggage extraction failed: ${String(error)}`);
      return context;
    }
  }

  fields(): string[] {
    return [BAGGAGE_HEADER];
  }

  private serialize(entries: Array<[string, BaggageEntry]>): string {
    let header = '';
    let items = 0;
    for (const [rawKey, entry] of entries) {
      const key = rawKey.trim();
      if (!TOKEN.test(key)) continue;
      let member = `${key}=${encodeURIComponent(String(entry.value))}`;
      const properties = entry.metadata?.toString();
      if (properties && SAFE_PROPERTIES.test(properties)) member += `;${properties}`;
      const next = header === '' ? member : `${header},${member}`;
      if (items + 1 > this.maxItems || Buffer.byteLength(next) > this.maxBytes) break;
      header = next;
      items++;
    }
    return header;
  }

  /** Entries of a baggage header, undefined when a member is malformed. */
  private parse(header: string): Record<string, BaggageEntry> | undefined {
    const entries: Record<string, BaggageEntry> = {};
    let items = 0;
    let bytes = 0;
    for (const rawMember of header.split(',')) {
      const member = rawMember.trim();
      if (member === '') continue;
      const semicolon = member.indexOf(';');
      const pair = semicolon === -1 ? member : member.slice(0, semicolon);
      const equals = pair.indexOf('=');
      if (equals === -1) return undefined;
      const key = pair.slice(0, equals).trim();
      if (!TOKEN.test(key)) return undefined;
      let value: string;
      try {
        value = decodeURIComponent(pair.slice(equals + 1).trim());
      } catch {
        return undefined;
      }
      const properties = semicolon === -1 ? '' : member.slice(semicolon + 1).trim();
      bytes += Buffer.byteLength(member) + (items === 0 ? 0 : 1);
      if (items >= this.maxItems || bytes > this.maxBytes) break;
      entries[key] =
        properties === '' ? { value } : { value, metadata: baggageEntryMetadataFromString(properties) };
      items++;
    }
    return entries;
  }
}
