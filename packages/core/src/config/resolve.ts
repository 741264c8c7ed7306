import type { DiagLogger } from '@opentelemetry/api';
import type { DatadogOptions, NamingMode, ResolvedConfig } from './options.js';
import { readEnvironment } from './env.js';
import type { EnvironmentSnapshot } from './env.js';
import { EnvReader } from './env-reader.js';
import { resolveExternalEnv } from './external-env.js';
import { findAppPackage } from './app-package.js';
import type { AppPackageLookup } from './app-package.js';
import { defaultSocketProbe, resolveAgentUrl } from './agent-url.js';
import type { SocketProbe } from './agent-url.js';
import { normalizeHeaderTags, parseHeaderName, parseHeaderTagList } from './header-tags.js';
import { resolveLogLevel } from './log-level.js';
import { parseList, parseOneOf, parsed, rejected } from './parse.js';
import type { NumberRule, Parsed } from './parse.js';
import { DEFAULT_PROPAGATION_BEHAVIOR_EXTRACT, parsePropagationBehaviorExtract } from './propagation-behavior.js';
import { resolvePropagation } from './propagation-styles.js';
import { compileQueryStringObfuscation, DEFAULT_QUERY_STRING_OBFUSCATION, globalCopy } from './query-obfuscation.js';
import { getRuntimeId } from './runtime-id.js';
import { DEFAULT_RATE_LIMIT, resolveSampleRate, resolveSamplingRules } from './sampling-config.js';
import { resolveSpanSamplingRules } from './span-sampling-config.js';
import { isDefaultServerErrorStatus, parseServerErrorStatuses } from './server-error-statuses.js';
import { resolveServiceIdentity } from './service-defaults.js';
import { validateOptions } from './validate-options.js';

/** Side inputs of resolution, replaceable in tests. */
export interface ResolveHooks {
  /** The app's package.json fields. Default: the nearest package.json above the entry script. */
  readonly readAppPackage?: AppPackageLookup;
  /** Whether a Unix socket exists. Default: `fs.existsSync`. */
  readonly socketExists?: SocketProbe;
  /** Default: `process.platform` (the default Agent socket is not probed on Windows). */
  readonly platform?: NodeJS.Platform;
  /** Where invalid-environment warnings go. Default: the core `diag` component logger. */
  readonly logger?: DiagLogger;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 2000;
export const DEFAULT_FLUSH_MIN_SPANS = 1000;
export const DEFAULT_MAX_QUEUED_BYTES = 32 * 1024 * 1024;
export const DEFAULT_X_DATADOG_TAGS_MAX_LENGTH = 512;
export const DEFAULT_BAGGAGE_MAX_ITEMS = 64;
export const DEFAULT_BAGGAGE_MAX_BYTES = 8192;
export const DEFAULT_BAGGAGE_TAG_KEYS: readonly string[] = Object.freeze(['user.id', 'session.id', 'account.id']);

const NON_NEGATIVE_INTEGER: NumberRule = { integer: true, min: 0 };
const POSITIVE_INTEGER: NumberRule = { integer: true, min: 1 };

/**
 * Resolves the configuration once: validated options > `DD_*` > `OTEL_*` > defaults (spec §8).
 * Throws a `TypeError` for a bad option; a bad environment value logs one warning and is ignored.
 * The result and everything in it (except the app's span processors) is frozen.
 */
export function resolveConfig(
  options: DatadogOptions | undefined,
  env: EnvironmentSnapshot = readEnvironment(),
  hooks: ResolveHooks = {},
): ResolvedConfig {
  validateOptions(options);
  const opts: DatadogOptions = options ?? {};
  const reader = new EnvReader(env, hooks.logger);

  const identity = resolveServiceIdentity(opts, reader, hooks.readAppPackage ?? findAppPackage);
  const propagation = resolvePropagation(opts, reader);

  const config: Omit<ResolvedConfig, 'runtimeId'> = {
    enabled: resolveEnabled(opts, reader),
    service: identity.service,
    env: identity.env,
    version: identity.version,
    tags: Object.freeze(identity.tags),
    agentUrl: resolveAgentUrl({
      options: opts,
      reader,
      socketExists: hooks.socketExists ?? defaultSocketProbe,
      platform: hooks.platform ?? process.platform,
    }),
    protocolVersion:
      opts.protocolVersion ?? reader.parse('DD_TRACE_AGENT_PROTOCOL_VERSION', parseOneOf(['0.4', '0.5'] as const)) ?? '0.4',
    flushIntervalMs:
      opts.flushInterval ?? reader.number('DD_TRACE_FLUSH_INTERVAL', NON_NEGATIVE_INTEGER) ?? DEFAULT_FLUSH_INTERVAL_MS,
    flushMinSpans:
      opts.flushMinSpans ??
      reader.number('DD_TRACE_PARTIAL_FLUSH_MIN_SPANS', POSITIVE_INTEGER) ??
      DEFAULT_FLUSH_MIN_SPANS,
    maxQueuedBytes:
      opts.maxQueuedBytes ?? reader.number('DD_TRACE_MAX_QUEUED_BYTES', POSITIVE_INTEGER) ?? DEFAULT_MAX_QUEUED_BYTES,
    externalEnv: resolveExternalEnv(reader),
    nativeSpanEvents:
      opts.nativeSpanEvents ?? reader.parse('DD_TRACE_NATIVE_SPAN_EVENTS', parseBooleanOrAuto) ?? 'auto',
    naming:
      opts.naming ?? reader.parse('DD_TRACE_OTEL_NAMING', parseOneOf<NamingMode>(['datadog', 'otel-v2'])) ?? 'datadog',
    traceId128BitGeneration:
      opts.traceId128BitGeneration ?? reader.boolean('DD_TRACE_128_BIT_TRACEID_GENERATION_ENABLED') ?? true,
    reportHostname: opts.reportHostname ?? reader.boolean('DD_TRACE_REPORT_HOSTNAME') ?? false,
    sampleRate: resolveSampleRate(opts, reader),
    samplingRules: Object.freeze([...resolveSamplingRules(opts, reader)]),
    spanSamplingRules: Object.freeze([...resolveSpanSamplingRules(opts, reader)]),
    rateLimit: opts.rateLimit ?? reader.number('DD_TRACE_RATE_LIMIT') ?? DEFAULT_RATE_LIMIT,
    propagationInject: Object.freeze([...propagation.inject]),
    propagationExtract: Object.freeze([...propagation.extract]),
    propagationExtractFirst:
      opts.propagationExtractFirst ?? reader.boolean('DD_TRACE_PROPAGATION_EXTRACT_FIRST') ?? false,
    propagationBehaviorExtract:
      opts.propagationBehaviorExtract ??
      reader.parse('DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT', parsePropagationBehaviorExtract) ??
      DEFAULT_PROPAGATION_BEHAVIOR_EXTRACT,
    xDatadogTagsMaxLength:
      reader.number('DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH', NON_NEGATIVE_INTEGER) ?? DEFAULT_X_DATADOG_TAGS_MAX_LENGTH,
    baggageMaxItems: reader.number('DD_TRACE_BAGGAGE_MAX_ITEMS', NON_NEGATIVE_INTEGER) ?? DEFAULT_BAGGAGE_MAX_ITEMS,
    baggageMaxBytes: reader.number('DD_TRACE_BAGGAGE_MAX_BYTES', NON_NEGATIVE_INTEGER) ?? DEFAULT_BAGGAGE_MAX_BYTES,
    baggageTagKeys: Object.freeze(resolveBaggageTagKeys(reader)),
    headerTags: Object.freeze(resolveHeaderTags(opts, reader)),
    queryStringObfuscation: resolveQueryStringObfuscation(opts, reader),
    isServerErrorStatus:
      (opts.httpServerErrorStatuses === undefined
        ? undefined
        : valueOf(parseServerErrorStatuses(opts.httpServerErrorStatuses))) ??
      reader.parse('DD_TRACE_HTTP_SERVER_ERROR_STATUSES', parseServerErrorStatuses) ??
      isDefaultServerErrorStatus,
    clientIpEnabled: opts.clientIpEnabled ?? reader.boolean('DD_TRACE_CLIENT_IP_ENABLED') ?? false,
    clientIpHeader:
      (opts.clientIpHeader === undefined ? undefined : valueOf(parseHeaderName(opts.clientIpHeader))) ??
      reader.parse('DD_TRACE_CLIENT_IP_HEADER', parseHeaderName),
    // dd-trace-js also turns it on with AppSec; dd-otel has no AppSec, so only these two count.
    resourceRenamingEnabled:
      opts.resourceRenamingEnabled ?? reader.boolean('DD_TRACE_RESOURCE_RENAMING_ENABLED') ?? false,
    logLevel: resolveLogLevel(opts, reader),
    spanProcessors: Object.freeze([...(opts.spanProcessors ?? [])]),
  };
  // A getter, so the id is drawn (and `node:crypto` loaded) when the first span is mapped. Added
  // after the literal: V8 keeps an object literal with an accessor in dictionary mode, which
  // would make every config read on the span path a hash look-up.
  Object.defineProperty(config, 'runtimeId', { get: getRuntimeId, enumerable: true });
  return Object.freeze(config as ResolvedConfig);
}

/**
 * On unless turned off: option > `DD_TRACE_ENABLED` > `OTEL_SDK_DISABLED=true` >
 * `OTEL_TRACES_EXPORTER=none`. An explicit `DD_TRACE_ENABLED` beats both OTel switches.
 */
function resolveEnabled(options: DatadogOptions, reader: EnvReader): boolean {
  const explicit = options.enabled ?? reader.boolean('DD_TRACE_ENABLED');
  if (explicit !== undefined) return explicit;
  if (reader.boolean('OTEL_SDK_DISABLED') === true) return false;
  return reader.string('OTEL_TRACES_EXPORTER')?.toLowerCase() !== 'none';
}

/** `''` means "tag no baggage keys"; unset means the default keys. */
function resolveBaggageTagKeys(reader: EnvReader): string[] {
  const raw = reader.raw('DD_TRACE_BAGGAGE_TAG_KEYS');
  return raw === undefined ? [...DEFAULT_BAGGAGE_TAG_KEYS] : parseList(raw);
}

function resolveHeaderTags(options: DatadogOptions, reader: EnvReader) {
  if (options.headerTags !== undefined) return valueOf(normalizeHeaderTags(options.headerTags)) ?? [];
  return reader.parse('DD_TRACE_HEADER_TAGS', parseHeaderTagList) ?? [];
}

/**
 * Option (`false` disables, a RegExp is copied and made global) > the variable (`''` disables,
 * an invalid pattern warns) > dd-trace-js's default pattern.
 */
function resolveQueryStringObfuscation(options: DatadogOptions, reader: EnvReader): RegExp | undefined {
  const option = options.queryStringObfuscation;
  if (option === false) return undefined;
  if (option instanceof RegExp) return globalCopy(option);
  if (typeof option === 'string') {
    const compiled = compileQueryStringObfuscation(option);
    if (compiled.ok) return compiled.value;
  }
  const name = 'DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP';
  // Not trimmed: blanks can be part of a pattern, and only the exact empty string disables.
  const raw = reader.raw(name);
  if (raw !== undefined) {
    const compiled = compileQueryStringObfuscation(raw);
    if (compiled.ok) return compiled.value;
    reader.warnInvalid(name, raw, compiled.reason, 'the default pattern is used');
  }
  return valueOf(compileQueryStringObfuscation(DEFAULT_QUERY_STRING_OBFUSCATION));
}

function parseBooleanOrAuto(raw: string): Parsed<boolean | 'auto'> {
  const value = raw.trim().toLowerCase();
  if (value === 'auto') return parsed('auto');
  if (value === 'true' || value === '1') return parsed(true);
  if (value === 'false' || value === '0') return parsed(false);
  return rejected('expected true, false or auto');
}

function valueOf<T>(result: Parsed<T>): T | undefined {
  return result.ok ? result.value : undefined;
}
