import type { EnvReader } from './env-reader.js';
import type { EnvironmentVariableName } from './env.js';
import { checkNumber, parsed, RATE_RULE, rejected, snakeToCamel } from './parse.js';
import type { Parsed } from './parse.js';

/** A rule's `sampleRate` (0..1) and `maxPerSecond` (a number), each when present. */
export function checkRateAndLimit(source: Record<string, unknown>): Parsed<{ sampleRate?: number; maxPerSecond?: number }> {
  const checked: { sampleRate?: number; maxPerSecond?: number } = {};
  if (source.sampleRate !== undefined) {
    const rate = checkNumber(source.sampleRate, RATE_RULE);
    if (!rate.ok) return rejected(`sampleRate: ${rate.reason}`);
    checked.sampleRate = rate.value;
  }
  if (source.maxPerSecond !== undefined) {
    const limit = checkNumber(source.maxPerSecond, {});
    if (!limit.ok) return rejected(`maxPerSecond: ${limit.reason}`);
    checked.maxPerSecond = limit.value;
  }
  return parsed(checked);
}

/** Top-level rule keys from snake_case (`sample_rate`) to camelCase; nested objects (`tags`) are left alone. */
export function camelCaseRuleKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) result[snakeToCamel(key)] = inner;
  return result;
}

/**
 * The rules of a JSON array read from `name` (`raw` is its text), snake_case keys allowed.
 * Invalid JSON (or not an array) → one warning and no rules; an invalid rule → a warning naming
 * its index, and that rule alone is dropped. `what` names the rules in the warnings.
 */
export function parseRuleList<T>(
  reader: EnvReader,
  name: EnvironmentVariableName,
  raw: string,
  checkRule: (value: unknown) => Parsed<T>,
  what: string,
): T[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    reader.warnInvalid(name, raw, 'not valid JSON', `no ${what} are used`);
    return [];
  }
  if (!Array.isArray(json)) {
    reader.warnInvalid(name, raw, 'expected a JSON array of rules', `no ${what} are used`);
    return [];
  }
  const rules: T[] = [];
  json.forEach((entry: unknown, index) => {
    const rule = checkRule(camelCaseRuleKeys(entry));
    if (rule.ok) rules.push(rule.value);
    else reader.warnInvalid(`${name}[${index}]`, entry, rule.reason, 'this rule is dropped');
  });
  return rules;
}
