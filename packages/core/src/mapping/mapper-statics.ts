import { hostname as osHostname } from 'node:os';
import type { NamingMode, ResolvedConfig } from '../config/options.js';
import { normalizeServiceName, truncateMetaValue, truncateTagKey } from './normalize.js';
import type { TagRules } from './tags.js';

/** Everything the span mapper derives from the config once, not per span. */
export interface MapperStatics extends TagRules {
  /**
   * Meta entries every span starts with (global tags, `env`, `version`, `language`,
   * `runtime-id`, `_dd.hostname`); cloned per span with an object spread, which V8 does
   * without re-hashing.
   */
  readonly metaTemplate: Readonly<Record<string, string>>;
  readonly processId: number;
  /** The tracer's service (`config.service`), normalised like span services. */
  readonly service: string;
  readonly serviceLower: string;
  readonly naming: NamingMode;
}

export interface MapperStaticsInput {
  readonly config: ResolvedConfig;
  readonly hostname?: string | undefined;
  readonly processId: number;
  readonly tracerServiceLower?: string | undefined;
}

function resolveHostname(input: MapperStaticsInput): string | undefined {
  if (!input.config.reportHostname) return undefined;
  if (typeof input.hostname === 'string' && input.hostname !== '') return input.hostname;
  try {
    return osHostname() || undefined;
  } catch {
    return undefined;
  }
}

export function buildMapperStatics(input: MapperStaticsInput): MapperStatics {
  const { config } = input;
  const metaTemplate: Record<string, string> = {};
  const overridable: Record<string, true> = Object.create(null) as Record<string, true>;

  // Global tags first: attributes may override them (dd-trace-js: they are initial span tags).
  for (const key of Object.keys(config.tags)) {
    const value = config.tags[key];
    if (typeof value !== 'string' || key === '') continue;
    const tagKey = truncateTagKey(key);
    metaTemplate[tagKey] = truncateMetaValue(value);
    overridable[tagKey] = true;
  }
  if (config.env) {
    metaTemplate.env = truncateMetaValue(config.env);
    overridable.env = true;
  }
  if (config.version) {
    metaTemplate.version = truncateMetaValue(config.version);
    overridable.version = true;
  }

  // Tracer-owned entries last, so they win over a same-named global tag.
  metaTemplate.language = 'javascript';
  delete overridable.language;
  metaTemplate['runtime-id'] = config.runtimeId;
  delete overridable['runtime-id'];
  const hostname = resolveHostname(input);
  if (hostname !== undefined) {
    metaTemplate['_dd.hostname'] = truncateMetaValue(hostname);
    delete overridable['_dd.hostname'];
  }

  const service = normalizeServiceName(config.service);
  return Object.freeze({
    // Not frozen: V8 clones a plain fast-mode object by copying its map, a frozen one it can't.
    metaTemplate,
    overridableMetaKeys: Object.keys(overridable).length > 0 ? overridable : undefined,
    hostnameReserved: hostname !== undefined,
    processId: input.processId,
    service,
    serviceLower: input.tracerServiceLower ?? service.toLowerCase(),
    naming: config.naming,
  });
}
