import type { DatadogOptions } from './options.js';
import { checkAgentHost, normalizeAgentUrl, PORT_RULE } from './agent-url.js';
import { normalizeHeaderTags, parseHeaderName } from './header-tags.js';
import { LOG_LEVELS } from './log-level.js';
import { checkNumber, quoteForMessage, RATE_RULE } from './parse.js';
import type { NumberRule, Parsed } from './parse.js';
import { PROPAGATION_BEHAVIORS_EXTRACT } from './propagation-behavior.js';
import { normalizePropagationStyles } from './propagation-styles.js';
import { compileQueryStringObfuscation } from './query-obfuscation.js';
import { checkSamplingRule } from './sampling-config.js';
import { checkSpanSamplingRule } from './span-sampling-config.js';
import { parseServerErrorStatuses } from './server-error-statuses.js';
import { closestName } from './closest-name.js';

/** Returns why a value is unacceptable, or `undefined` when it is fine. */
type Check = (value: unknown) => string | undefined;

const string: Check = (value) => (typeof value === 'string' ? undefined : 'expected a string');
const nonBlankString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : 'expected a non-empty string';
const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'expected true or false');
const number =
  (rule: NumberRule): Check =>
  (value) =>
    reason(checkNumber(value, rule));
const oneOf =
  (...allowed: readonly unknown[]): Check =>
  (value) =>
    allowed.includes(value) ? undefined : `expected one of ${allowed.map((item) => quoteForMessage(item)).join(', ')}`;
const fromString =
  (parse: (value: string) => Parsed<unknown>): Check =>
  (value) =>
    typeof value === 'string' ? reason(parse(value)) : 'expected a string';
const arrayOf =
  (check: (items: unknown[]) => string | undefined): Check =>
  (value) =>
    Array.isArray(value) ? check(value) : 'expected an array';

function reason(result: Parsed<unknown>): string | undefined {
  return result.ok ? undefined : result.reason;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const tags: Check = (value) => {
  if (!isPlainObject(value)) return 'expected an object of tag name → string value';
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== 'string') return `tag ${quoteForMessage(key)} must have a string value`;
  }
  return undefined;
};

const propagationStyles = arrayOf((items) => reason(normalizePropagationStyles(items)));

const propagationStyle: Check = (value) => {
  if (Array.isArray(value)) return propagationStyles(value);
  if (!isPlainObject(value)) return 'expected an array of styles or { inject?, extract? }';
  for (const [key, styles] of Object.entries(value)) {
    if (key !== 'inject' && key !== 'extract') return `unknown key ${quoteForMessage(key)}; expected inject or extract`;
    const problem = styles === undefined ? undefined : propagationStyles(styles);
    if (problem !== undefined) return `${key}: ${problem}`;
  }
  return undefined;
};

const samplingRules = arrayOf((rules) => {
  for (const [index, rule] of rules.entries()) {
    const result = checkSamplingRule(rule, { sampleRateRequired: true, rejectUnknownKeys: true });
    if (!result.ok) return `rule ${index}: ${result.reason}`;
  }
  return undefined;
});

const spanSamplingRules = arrayOf((rules) => {
  for (const [index, rule] of rules.entries()) {
    const result = checkSpanSamplingRule(rule, true);
    if (!result.ok) return `rule ${index}: ${result.reason}`;
  }
  return undefined;
});

const queryStringObfuscation: Check = (value) => {
  if (value === false || value instanceof RegExp) return undefined;
  if (typeof value === 'string') return reason(compileQueryStringObfuscation(value));
  return 'expected a regular expression (string or RegExp) or false';
};

const SPAN_PROCESSOR_METHODS = ['onStart', 'onEnd', 'forceFlush', 'shutdown'] as const;

const spanProcessors = arrayOf((processors) => {
  for (const [index, processor] of processors.entries()) {
    if (typeof processor !== 'object' || processor === null) return `processor ${index} is not an object`;
    const record = processor as Record<string, unknown>;
    const missing = SPAN_PROCESSOR_METHODS.find((method) => typeof record[method] !== 'function');
    if (missing !== undefined) return `processor ${index} has no ${missing}() method`;
  }
  return undefined;
});

/** One check per option; typed so that a new `DatadogOptions` field cannot be forgotten here. */
const OPTION_CHECKS: { readonly [K in keyof Required<DatadogOptions>]: Check } = {
  service: nonBlankString,
  env: string,
  version: string,
  tags,
  enabled: boolean,
  url: fromString(normalizeAgentUrl),
  hostname: fromString(checkAgentHost),
  port: number(PORT_RULE),
  protocolVersion: oneOf('0.4', '0.5'),
  flushInterval: number({ min: 0 }),
  flushMinSpans: number({ integer: true, min: 1 }),
  maxQueuedBytes: number({ integer: true, min: 1 }),
  nativeSpanEvents: oneOf(true, false, 'auto'),
  naming: oneOf('datadog', 'otel-v2'),
  traceId128BitGeneration: boolean,
  reportHostname: boolean,
  sampleRate: number(RATE_RULE),
  samplingRules,
  spanSamplingRules,
  rateLimit: number({}),
  propagationStyle,
  propagationExtractFirst: boolean,
  propagationBehaviorExtract: oneOf(...PROPAGATION_BEHAVIORS_EXTRACT),
  headerTags: arrayOf((entries) => reason(normalizeHeaderTags(entries))),
  queryStringObfuscation,
  httpServerErrorStatuses: fromString(parseServerErrorStatuses),
  clientIpEnabled: boolean,
  clientIpHeader: fromString(parseHeaderName),
  resourceRenamingEnabled: boolean,
  logLevel: oneOf(...LOG_LEVELS),
  spanProcessors,
};

const OPTION_NAMES = Object.keys(OPTION_CHECKS);

/**
 * Throws a `TypeError` naming the first bad option: an unknown key (with the closest known name),
 * a value of the wrong type, or a number out of range. `undefined` values mean "not set".
 */
export function validateOptions(options: unknown): asserts options is DatadogOptions {
  if (options === undefined || options === null) return;
  if (!isPlainObject(options)) {
    throw new TypeError(`@dd-otel/core: options must be an object, got ${quoteForMessage(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(OPTION_CHECKS, key)) {
      const suggestion = closestName(key, OPTION_NAMES);
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
      throw new TypeError(`@dd-otel/core: unknown option "${key}"${hint}`);
    }
    if (value === undefined) continue;
    const problem = OPTION_CHECKS[key as keyof DatadogOptions](value);
    if (problem !== undefined) {
      throw new TypeError(`@dd-otel/core: invalid option "${key}": ${problem} (got ${quoteForMessage(value)})`);
    }
  }
}
