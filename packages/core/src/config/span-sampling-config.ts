import { readFileSync } from 'node:fs';
import type { DatadogOptions, SpanSamplingRule } from './options.js';
import type { EnvReader } from './env-reader.js';
import type { EnvironmentVariableName } from './env.js';
import { parsed, quoteForMessage, rejected } from './parse.js';
import { checkRateAndLimit, parseRuleList } from './rule-list.js';
import type { Parsed } from './parse.js';

const SPAN_RULE_KEYS: readonly string[] = ['service', 'name', 'sampleRate', 'maxPerSecond'];

/**
 * Checks one single-span rule whose keys are camelCase; returns a fresh, frozen copy.
 * `rejectUnknownKeys`: option rules reject typos; environment rules ignore unknown keys, as
 * dd-trace-js does.
 */
export function checkSpanSamplingRule(value: unknown, rejectUnknownKeys: boolean): Parsed<SpanSamplingRule> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rejected('a rule must be an object');
  const source = value as Record<string, unknown>;
  if (rejectUnknownKeys) {
    const unknown = Object.keys(source).find((key) => !SPAN_RULE_KEYS.includes(key));
    if (unknown !== undefined) return rejected(`unknown key ${quoteForMessage(unknown)}`);
  }
  const rule: SpanSamplingRule = {};
  for (const key of ['service', 'name'] as const) {
    const pattern = source[key];
    if (pattern === undefined) continue;
    if (typeof pattern !== 'string') return rejected(`${key} must be a string pattern`);
    rule[key] = pattern;
  }
  const numbers = checkRateAndLimit(source);
  if (!numbers.ok) return numbers;
  return parsed(Object.freeze({ ...rule, ...numbers.value }));
}

/**
 * `DD_SPAN_SAMPLING_RULES` (JSON array), else the JSON file `DD_SPAN_SAMPLING_RULES_FILE` names,
 * as in dd-trace-js. Unreadable or invalid JSON → one warning naming the variable and no rules;
 * an invalid rule → a warning naming its index, and that rule alone is dropped.
 */
export function readSpanSamplingRulesFromEnv(reader: EnvReader): SpanSamplingRule[] {
  let name: EnvironmentVariableName = 'DD_SPAN_SAMPLING_RULES';
  let raw = reader.string(name);
  if (raw === undefined) {
    const path = reader.string('DD_SPAN_SAMPLING_RULES_FILE');
    if (path === undefined) return [];
    name = 'DD_SPAN_SAMPLING_RULES_FILE';
    try {
      raw = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const reason = `cannot read the file (${typeof code === 'string' ? code : 'error'})`;
      reader.warnInvalid(name, path, reason, 'no span sampling rules are used');
      return [];
    }
  }
  return parseRuleList(reader, name, raw, (rule) => checkSpanSamplingRule(rule, false), 'span sampling rules');
}

/** Rules from the option (already validated) or the environment. */
export function resolveSpanSamplingRules(options: DatadogOptions, reader: EnvReader): readonly SpanSamplingRule[] {
  if (options.spanSamplingRules !== undefined) {
    return options.spanSamplingRules.map((rule) => {
      const copy = checkSpanSamplingRule(rule, true);
      // validateOptions() guarantees `ok`; a copy keeps later mutation of the app's array out.
      return copy.ok ? copy.value : Object.freeze({ ...rule });
    });
  }
  return readSpanSamplingRulesFromEnv(reader);
}
