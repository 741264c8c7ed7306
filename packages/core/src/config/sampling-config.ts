import type { DatadogOptions, SamplingRule } from './options.js';
import type { EnvReader } from './env-reader.js';
import { parsed, quoteForMessage, rejected } from './parse.js';
import { checkRateAndLimit, parseRuleList } from './rule-list.js';
import type { Parsed } from './parse.js';

export const DEFAULT_RATE_LIMIT = 100;

const RULE_KEYS = ['service', 'name', 'resource', 'tags', 'sampleRate', 'maxPerSecond', 'provenance'] as const;
export const SAMPLING_RULE_KEYS: readonly string[] = RULE_KEYS;
const PROVENANCES: ReadonlySet<string> = new Set(['customer', 'dynamic', 'local']);

export interface RuleCheckMode {
  /** Environment rules may omit `sample_rate` (it defaults to 1); option rules must set it. */
  readonly sampleRateRequired: boolean;
  /** Option rules reject unknown keys (typos); environment rules ignore them, as dd-trace-js does. */
  readonly rejectUnknownKeys: boolean;
}

/** Checks one rule whose keys are already camelCase; returns a fresh, frozen copy. */
export function checkSamplingRule(value: unknown, mode: RuleCheckMode): Parsed<SamplingRule> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rejected('a rule must be an object');
  const source = value as Record<string, unknown>;
  if (mode.rejectUnknownKeys) {
    const unknown = Object.keys(source).find((key) => !SAMPLING_RULE_KEYS.includes(key));
    if (unknown !== undefined) return rejected(`unknown key ${quoteForMessage(unknown)}`);
  }
  const rule: { -readonly [K in keyof SamplingRule]: SamplingRule[K] } = { sampleRate: 1 };
  for (const key of ['service', 'name', 'resource'] as const) {
    const pattern = source[key];
    if (pattern === undefined) continue;
    if (typeof pattern !== 'string') return rejected(`${key} must be a string pattern`);
    rule[key] = pattern;
  }
  if (source.tags !== undefined) {
    const tags = checkTagPatterns(source.tags);
    if (!tags.ok) return tags;
    rule.tags = tags.value;
  }
  if (source.sampleRate === undefined && mode.sampleRateRequired) return rejected('sampleRate is required');
  const numbers = checkRateAndLimit(source);
  if (!numbers.ok) return numbers;
  if (numbers.value.sampleRate !== undefined) rule.sampleRate = numbers.value.sampleRate;
  if (numbers.value.maxPerSecond !== undefined) rule.maxPerSecond = numbers.value.maxPerSecond;
  if (source.provenance !== undefined) {
    if (typeof source.provenance !== 'string' || !PROVENANCES.has(source.provenance)) {
      return rejected('provenance must be customer, dynamic or local');
    }
    rule.provenance = source.provenance as SamplingRule['provenance'];
  }
  return parsed(Object.freeze(rule));
}

function checkTagPatterns(value: unknown): Parsed<Record<string, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return rejected('tags must be an object of tag → pattern');
  }
  const tags: Record<string, string> = {};
  for (const [key, pattern] of Object.entries(value)) {
    if (typeof pattern !== 'string') return rejected(`tags.${key} must be a string pattern`);
    tags[key] = pattern;
  }
  return parsed(Object.freeze(tags));
}

const ENV_RULE_MODE: RuleCheckMode = { sampleRateRequired: false, rejectUnknownKeys: false };

/**
 * `DD_TRACE_SAMPLING_RULES`: a JSON array. Invalid JSON (or not an array) → one warning and no
 * rules; an invalid rule → a warning naming its index, and that rule alone is dropped.
 */
export function readSamplingRulesFromEnv(reader: EnvReader): SamplingRule[] {
  const raw = reader.string('DD_TRACE_SAMPLING_RULES');
  if (raw === undefined) return [];
  return parseRuleList(reader, 'DD_TRACE_SAMPLING_RULES', raw, (rule) => checkSamplingRule(rule, ENV_RULE_MODE), 'sampling rules');
}

/** Rules from the option (already validated) or the environment. */
export function resolveSamplingRules(options: DatadogOptions, reader: EnvReader): readonly SamplingRule[] {
  if (options.samplingRules !== undefined) {
    return options.samplingRules.map((rule) => {
      const copy = checkSamplingRule(rule, { sampleRateRequired: true, rejectUnknownKeys: true });
      // validateOptions() guarantees `ok`; a copy keeps later mutation of the app's array out.
      return copy.ok ? copy.value : Object.freeze({ ...rule });
    });
  }
  return readSamplingRulesFromEnv(reader);
}

/**
 * Global sample rate (spec §5.4): option > `DD_TRACE_SAMPLE_RATE` > the OTel sampler mapping,
 * which applies only when `OTEL_TRACES_SAMPLER` is set or `OTEL_TRACES_EXPORTER=otlp`.
 */
export function resolveSampleRate(options: DatadogOptions, reader: EnvReader): number | undefined {
  return options.sampleRate ?? reader.rate('DD_TRACE_SAMPLE_RATE') ?? otelSamplerRate(reader);
}

const PARENT_BASED_RATES: ReadonlyMap<string, number | 'arg'> = new Map<string, number | 'arg'>([
  ['parentbased_always_on', 1],
  ['parentbased_always_off', 0],
  ['parentbased_traceidratio', 'arg'],
]);

function otelSamplerRate(reader: EnvReader): number | undefined {
  const configured = reader.string('OTEL_TRACES_SAMPLER')?.toLowerCase();
  const exporter = reader.string('OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (configured === undefined && exporter !== 'otlp') return undefined;
  const sampler = configured ?? 'parentbased_always_on';
  const parentBased = sampler.startsWith('parentbased_') ? sampler : `parentbased_${sampler}`;
  const rate = PARENT_BASED_RATES.get(parentBased);
  if (rate === undefined) {
    const known = [...PARENT_BASED_RATES.keys()].map((key) => key.slice('parentbased_'.length));
    reader.warnInvalid('OTEL_TRACES_SAMPLER', sampler, `expected one of ${known.join(', ')}, optionally parentbased_`);
    return undefined;
  }
  if (parentBased !== sampler) {
    reader.note(
      'OTEL_TRACES_SAMPLER',
      `${sampler} is treated as ${parentBased}: Datadog sampling keeps the parent's decision`,
    );
  }
  if (rate !== 'arg') return rate;
  // The OTel default ratio is 1 when no argument is given.
  if (reader.string('OTEL_TRACES_SAMPLER_ARG') === undefined) return 1;
  return reader.rate('OTEL_TRACES_SAMPLER_ARG');
}
