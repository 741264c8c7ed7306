import { SpanKind } from './otel-api.js';
import type { Attributes } from '@opentelemetry/api';
import { PACKAGE_NAME } from './version.js';

/** Options of `@Traced(name, options)`. */
export interface TracedOptions {
  /** Span kind. Default `SpanKind.INTERNAL`. */
  kind?: SpanKind;
  /** Attributes the span starts with. */
  attributes?: Attributes;
  /** Datadog resource name (attribute `resource.name`). Default: the span name. */
  resource?: string;
}

const OPTION_NAMES: readonly string[] = ['kind', 'attributes', 'resource'];
const SPAN_KINDS = new Set<unknown>(Object.values(SpanKind).filter((value) => typeof value === 'number'));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new TypeError(`${PACKAGE_NAME}: @Traced(): ${message}`);
}

/** Checks the decorator's arguments when the class is defined. @throws TypeError naming the bad one. */
export function checkTracedArguments(name: unknown, options: unknown): TracedOptions {
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    fail(`the span name must be a non-empty string, got ${typeof name === 'string' ? '""' : typeof name}`);
  }
  if (options === undefined) return {};
  if (!isPlainObject(options)) fail(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) fail(`unknown option "${key}"; the options are ${OPTION_NAMES.join(', ')}`);
  }
  const { kind, attributes, resource } = options;
  if (kind !== undefined && !SPAN_KINDS.has(kind)) fail('invalid option "kind": expected a SpanKind value');
  if (attributes !== undefined && !isPlainObject(attributes)) fail('invalid option "attributes": expected an object');
  if (resource !== undefined && (typeof resource !== 'string' || resource === '')) {
    fail('invalid option "resource": expected a non-empty string');
  }
  return options as TracedOptions;
}
