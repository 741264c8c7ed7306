import { hostname as osHostname } from 'node:os';
import type { NamingMode, ResolvedConfig } from '../config/options.js';
import { ConstantTags } from '../encode/constant-tags.js';
import { normalizeServiceName, truncateMetaValue, truncateTagKey } from './normalize.js';
import { spanKindName } from './span-kind.js';
import type { TagRules } from './tags.js';

/** The span kinds `constantTags` has a variant for (the valid `SpanKind` values). */
const KIND_COUNT = 5;

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
  /**
   * Pre-encoded constant tags per (kind, integration), at `kind * 2 + (otel.library ? 1 : 0)`:
   * global tags, env, version, language, runtime-id, `_dd.hostname`, span.kind, `_dd.integration`
   * and the metrics process_id and (non-internal kinds) `_dd.measured`. Undefined when the global
   * tags contain a key the mapper also writes in a way it cannot reconcile with a constant block
   * (every span is then mapped with all tags in its own meta and metrics, as before).
   */
  readonly constantTags: readonly ConstantTags[] | undefined;
  /** Keys of the global tags (env and version included): a span that sets one maps them itself. */
  readonly globalKeys: readonly string[];
  /** Meta/metrics keys inside the constant blocks, plus those the record carries in fields. */
  readonly reservedKeys: ReadonlySet<string>;
}

/** Global tag keys that rule the constant blocks out (see `constantTags`). */
const KEYS_WRITTEN_AFTER_ATTRIBUTES = new Set(['_dd.p.tid', 'events', '_dd.span_links']);

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

  const runtimeId = config.runtimeId;
  const reportedHostname = hostname === undefined ? undefined : truncateMetaValue(hostname);
  // Two long keys may truncate to the same key: the later value wins, as in a meta object.
  const globalTags = new Map<string, string>(globalTagKeys.map((key, i) => [key, globalTagValues[i]!]));
  if (env !== undefined) globalTags.set('env', env);
  if (version !== undefined) globalTags.set('version', version);
  const globalMeta = [...globalTags];
  const constantTags = globalMeta.some(([key]) => KEYS_WRITTEN_AFTER_ATTRIBUTES.has(key))
    ? undefined
    : buildConstantTags(globalMeta, runtimeId, reportedHostname, input.processId);
  const reservedKeys = new Set<string>(['_sampling_priority_v1', 'events', '_dd.span_links', '_dd.measured']);
  for (const tags of constantTags ?? []) {
    for (const key of tags.metaKeys) reservedKeys.add(key);
    for (const key of tags.metricKeys) reservedKeys.add(key);
  }

  return Object.freeze({
    constantTags: constantTags === undefined ? undefined : Object.freeze(constantTags),
    globalKeys: Object.freeze(globalMeta.map(([key]) => key)),
    reservedKeys,
    globalTagKeys: Object.freeze(globalTagKeys),
    globalTagValues: Object.freeze(globalTagValues),
    env,
    version,
    runtimeId,
    hostname: reportedHostname,
    overridableMetaKeys: Object.keys(overridable).length > 0 ? overridable : undefined,
    hostnameReserved: hostname !== undefined,
    processId: input.processId,
    service,
    serviceLower: input.tracerServiceLower ?? service.toLowerCase(),
    naming: config.naming,
  });
}

function buildConstantTags(
  globalMeta: ReadonlyArray<readonly [string, string]>,
  runtimeId: string,
  hostname: string | undefined,
  processId: number,
): ConstantTags[] {
  const variants: ConstantTags[] = [];
  for (let kind = 0; kind < KIND_COUNT; kind++) {
    for (const integration of ['otel', 'otel.library']) {
      const meta: Array<readonly [string, string]> = [...globalMeta, ['language', 'javascript'], ['runtime-id', runtimeId]];
      if (hostname !== undefined) meta.push(['_dd.hostname', hostname]);
      meta.push(['span.kind', spanKindName(kind)], ['_dd.integration', integration]);
      const metrics: Array<readonly [string, number]> = [['process_id', processId]];
      // Every valid kind but INTERNAL (0) is measured (span-kind.ts).
      if (kind !== 0) metrics.push(['_dd.measured', 1]);
      variants.push(new ConstantTags(meta, metrics));
    }
  }
  return variants;
}
