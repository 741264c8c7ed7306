import { hostname as osHostname } from 'node:os';
import type { NamingMode, ResolvedConfig } from '../config/options.js';
import { normalizeServiceName, truncateMetaValue, truncateTagKey } from './normalize.js';
import type { TagRules } from './tags.js';

/**
 * Everything the span mapper derives from the config once, not per span. Per-span meta is
 * built with plain stores from these pre-truncated strings: cloning a template object with a
 * spread and then adding keys is pathologically slow in V8 (µs per span, measured on Node 20).
 */
export interface MapperStatics extends TagRules {
  /** Global tags (`config.tags`) as parallel arrays, keys/values already truncated. */
  readonly globalTagKeys: readonly string[];
  readonly globalTagValues: readonly string[];
  readonly env: string | undefined;
  readonly version: string | undefined;
  readonly runtimeId: string;
  /** `_dd.hostname` value when `reportHostname` is on. */
  readonly hostname: string | undefined;
  readonly processId: number;
  /** The tracer's service (`config.service`), normalised like span services. */
  readonly service: string;
  /** Value of `_dd.base_service`, and what span services are compared with (lower-cased). */
  readonly serviceLower: string;
  readonly naming: NamingMode;
}

export interface MapperStaticsInput {
  readonly config: ResolvedConfig;
  readonly hostname?: string | undefined;
  readonly processId: number;
  readonly tracerServiceLower?: string | undefined;
}

/** Keys the tracer writes after the attributes, so a same-named global tag can't reach meta. */
const TRACER_META_KEYS: ReadonlySet<string> = new Set([
  'language', 'runtime-id', '_dd.hostname', 'span.kind', '_dd.integration', '_dd.origin', 'env', 'version',
]);

function resolveHostname(input: MapperStaticsInput): string | undefined {
  if (!input.config.reportHostname) return undefined;
  if (typeof input.hostname === 'string' && input.hostname !== '') return input.hostname;
  try {
    return osHostname() || undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? truncateMetaValue(value) : undefined;
}

export function buildMapperStatics(input: MapperStaticsInput): MapperStatics {
  const { config } = input;
  const globalTagKeys: string[] = [];
  const globalTagValues: string[] = [];
  const overridable: Record<string, true> = Object.create(null) as Record<string, true>;

  for (const key of Object.keys(config.tags)) {
    const value = config.tags[key];
    const tagKey = truncateTagKey(key);
    if (typeof value !== 'string' || key === '' || TRACER_META_KEYS.has(tagKey)) continue;
    globalTagKeys.push(tagKey);
    globalTagValues.push(truncateMetaValue(value));
    overridable[tagKey] = true;
  }
  const env = nonEmpty(config.env);
  const version = nonEmpty(config.version);
  if (env !== undefined) overridable.env = true;
  if (version !== undefined) overridable.version = true;
  const hostname = resolveHostname(input);
  const service = normalizeServiceName(config.service);

  return Object.freeze({
    globalTagKeys: Object.freeze(globalTagKeys),
    globalTagValues: Object.freeze(globalTagValues),
    env,
    version,
    runtimeId: config.runtimeId,
    hostname: hostname === undefined ? undefined : truncateMetaValue(hostname),
    overridableMetaKeys: Object.keys(overridable).length > 0 ? overridable : undefined,
    hostnameReserved: hostname !== undefined,
    processId: input.processId,
    service,
    serviceLower: input.tracerServiceLower ?? service.toLowerCase(),
    naming: config.naming,
  });
}
