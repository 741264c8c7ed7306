import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyOf } from './raw-request-slots.js';

/**
 * Keys Fastify's `register` itself understands. They mean nothing for a `fastify-plugin` plugin
 * (it is not encapsulated) but must not be rejected as unknown options.
 */
export const FASTIFY_REGISTER_OPTION_NAMES: readonly string[] = Object.freeze(['prefix', 'logLevel', 'logSerializers']);

/** The options as core's shared request tracing takes them, and whether it needs `linkReply`. */
export interface CoreOptions {
  options: unknown;
  /** True when an option calls back with the Fastify request, so each request must be linked. */
  needsReplyLink: boolean;
}

type FastifyIgnorePredicate = (path: string, request: FastifyRequest) => boolean;
type FastifyRequestHook = (span: Span, request: FastifyRequest, reply: FastifyReply) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Core calls predicates with the raw request; the app wrote them for Fastify's. */
function adaptIgnoreRule(rule: unknown): unknown {
  if (typeof rule !== 'function') return rule;
  const predicate = rule as FastifyIgnorePredicate;
  return (path: string, raw: IncomingMessage): boolean => {
    const reply = replyOf(raw);
    return reply === undefined ? false : predicate(path, reply.request);
  };
}

function adaptRequestHook(hook: FastifyRequestHook): (span: Span, raw: IncomingMessage, res: ServerResponse) => void {
  return (span, raw) => {
    const reply = replyOf(raw);
    if (reply !== undefined) hook(span, reply.request, reply);
  };
}

/**
 * Rewrites the callbacks among the app's options so core can call them with the raw request;
 * everything else is passed as given, so core's validation still names a bad option.
 */
export function toCoreOptions(options: unknown): CoreOptions {
  if (!isPlainObject(options)) return { options, needsReplyLink: false };
  const adapted: Record<string, unknown> = { ...options };
  let needsReplyLink = false;
  const { ignore, hooks } = options;
  if (typeof ignore === 'function' || (Array.isArray(ignore) && ignore.some((rule) => typeof rule === 'function'))) {
    adapted['ignore'] = Array.isArray(ignore) ? ignore.map(adaptIgnoreRule) : adaptIgnoreRule(ignore);
    needsReplyLink = true;
  }
  if (isPlainObject(hooks) && typeof hooks['request'] === 'function') {
    adapted['hooks'] = { ...hooks, request: adaptRequestHook(hooks['request'] as FastifyRequestHook) };
    needsReplyLink = true;
  }
  return { options: adapted, needsReplyLink };
}
