import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { closestName } from '../config/closest-name.js';
import { normalizeHeaderTags, parseHeaderName } from '../config/header-tags.js';
import type { HeaderTag } from '../config/options.js';
import { quoteForMessage } from '../config/parse.js';
import { checkIgnoreOption } from './ignore-rules.js';
import type { IgnoreRule } from './ignore-rules.js';
import { checkQueryObfuscationOption } from './query-string.js';

export interface WebPluginHooks<Req, Res> {
  /**
   * Runs once per request, just before the span ends and before its resource is computed, so it
   * may set `resource.name` or `http.route`. What it throws is caught and logged.
   */
  request?: (span: Span, req: Req, res: Res) => void;
}

/**
 * The options every dd-otel web-framework plugin accepts (names as in dd-trace-js).
 * `Req`/`Res` are the framework's request and response types, as passed to `ignore` and `hooks`.
 */
export interface WebPluginOptions<Req = IncomingMessage, Res = ServerResponse> {
  /** Service name of the request spans (attribute `service.name`). Default: the tracer's service. */
  service?: string;
  /** Requests not to trace: exact paths, RegExps tested on the path, or predicates `(path, req) => boolean`. */
  ignore?: IgnoreRule<Req> | readonly IgnoreRule<Req>[];
  /**
   * Headers to tag, `'x-request-id'` or `'x-request-id:request.id'` (or `{ header, tag }`), added
   * to `DD_TRACE_HEADER_TAGS`. Untagged entries become `http.request.headers.<name>` /
   * `http.response.headers.<name>`.
   */
  headers?: readonly (string | HeaderTag)[];
  /** Returns true when a status code is a success. Default: not in `DD_TRACE_HTTP_SERVER_ERROR_STATUSES` (500-599). */
  validateStatus?: (status: number) => boolean;
  /** `true` drops the query from `http.url`, `false` keeps it, a RegExp (or its source) redacts matches. Default: `DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP`. */
  queryStringObfuscation?: boolean | string | RegExp;
  /**
   * Tag this plugin's requests with `http.client_ip` / `client.address` (`true`) or not (`false`),
   * whatever the tracer's setting. Default: `DD_TRACE_CLIENT_IP_ENABLED` (option `clientIpEnabled`).
   */
  clientIpEnabled?: boolean;
  /**
   * The one header this plugin's requests take the client IP from (case-insensitive), instead of
   * the usual proxy headers. Default: `DD_TRACE_CLIENT_IP_HEADER`. Only used when client IP
   * collection is on (`clientIpEnabled`).
   */
  clientIpHeader?: string;
  /**
   * Tag this plugin's requests that match no route (404s, unmatched paths) with `http.endpoint`,
   * their path normalised as dd-trace-js does (`/users/{param:int}`); their resource stays
   * `<METHOD>`. Default: `DD_TRACE_RESOURCE_RENAMING_ENABLED` (option `resourceRenamingEnabled`).
   */
  resourceRenamingEnabled?: boolean;
  hooks?: WebPluginHooks<Req, Res>;
}

/** Plugin options after validation: values kept as given, header tags normalised. */
export interface CheckedWebPluginOptions<Req, Res> {
  service: string | undefined;
  ignore: IgnoreRule<Req> | readonly IgnoreRule<Req>[] | undefined;
  headers: readonly HeaderTag[];
  validateStatus: ((status: number) => boolean) | undefined;
  queryStringObfuscation: boolean | string | RegExp | undefined;
  /** Undefined: the tracer's setting applies. */
  clientIpEnabled: boolean | undefined;
  /** Lower-cased. */
  clientIpHeader: string | undefined;
  /** Undefined: the tracer's setting applies. */
  resourceRenamingEnabled: boolean | undefined;
  requestHook: ((span: Span, req: Req, res: Res) => void) | undefined;
}

type Check = (value: unknown) => string | undefined;

const isFunction: Check = (value) => (typeof value === 'function' ? undefined : 'expected a function');
const isBoolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'expected true or false');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const checkHooks: Check = (value) => {
  if (!isPlainObject(value)) return 'expected an object such as { request(span, req, res) {} }';
  for (const [key, hook] of Object.entries(value)) {
    if (key !== 'request') return `unknown hook ${quoteForMessage(key)}; the only hook is "request"`;
    if (hook !== undefined && typeof hook !== 'function') return 'hooks.request must be a function';
  }
  return undefined;
};

const checkHeaderName: Check = (value) => {
  if (typeof value !== 'string') return 'expected a header name such as "x-real-ip"';
  const name = parseHeaderName(value);
  return name.ok ? undefined : name.reason;
};

const OPTION_CHECKS: { readonly [K in keyof Required<WebPluginOptions>]: Check } = {
  service: (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'expected a non-empty string'),
  ignore: checkIgnoreOption,
  headers: (value) => {
    if (!Array.isArray(value)) return 'expected an array of header names';
    const tags = normalizeHeaderTags(value);
    return tags.ok ? undefined : tags.reason;
  },
  validateStatus: isFunction,
  queryStringObfuscation: checkQueryObfuscationOption,
  clientIpEnabled: isBoolean,
  clientIpHeader: checkHeaderName,
  resourceRenamingEnabled: isBoolean,
  hooks: checkHooks,
};

/** Names of the common options, for plugins that describe their own. */
export const WEB_PLUGIN_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(OPTION_CHECKS));

/**
 * Validates a plugin's options once, when the middleware/plugin is created. Throws a `TypeError`
 * naming the bad option, prefixed with `label` (e.g. `@dd-otel/express`). `ownOptionNames` are
 * extra keys the calling plugin handles itself; they are accepted here unchecked.
 */
export function validateWebPluginOptions<Req = IncomingMessage, Res = ServerResponse>(
  options: unknown,
  label: string,
  ownOptionNames: readonly string[] = [],
): CheckedWebPluginOptions<Req, Res> {
  if (options !== undefined && options !== null && !isPlainObject(options)) {
    throw new TypeError(`${label}: options must be an object, got ${quoteForMessage(options)}`);
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (ownOptionNames.includes(key)) continue;
    if (!Object.hasOwn(OPTION_CHECKS, key)) {
      const suggestion = closestName(key, [...WEB_PLUGIN_OPTION_NAMES, ...ownOptionNames]);
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
      throw new TypeError(`${label}: unknown option "${key}"${hint}`);
    }
    if (value === undefined) continue;
    const problem = OPTION_CHECKS[key as keyof WebPluginOptions](value);
    if (problem !== undefined) {
      throw new TypeError(`${label}: invalid option "${key}": ${problem} (got ${quoteForMessage(value)})`);
    }
  }
  const headers = given['headers'] === undefined ? undefined : normalizeHeaderTags(given['headers'] as unknown[]);
  const hooks = given['hooks'] as WebPluginHooks<Req, Res> | undefined;
  const clientIpHeader = typeof given['clientIpHeader'] === 'string' ? parseHeaderName(given['clientIpHeader']) : undefined;
  return {
    service: given['service'] as string | undefined,
    ignore: given['ignore'] as CheckedWebPluginOptions<Req, Res>['ignore'],
    headers: headers?.ok ? headers.value : [],
    validateStatus: given['validateStatus'] as CheckedWebPluginOptions<Req, Res>['validateStatus'],
    queryStringObfuscation: given['queryStringObfuscation'] as CheckedWebPluginOptions<Req, Res>['queryStringObfuscation'],
    clientIpEnabled: given['clientIpEnabled'] as boolean | undefined,
    clientIpHeader: clientIpHeader?.ok ? clientIpHeader.value : undefined,
    resourceRenamingEnabled: given['resourceRenamingEnabled'] as boolean | undefined,
    requestHook: hooks?.request,
  };
}
