import type { IncomingMessage } from 'node:http';
import type { ServerRequestState } from '@dd-otel/core';
import type { FastifyReply } from 'fastify';

/**
 * What the plugin keeps on the Node request (`request.raw`), which Fastify never reshapes, so the
 * slots cost one hidden-class transition shared by all requests:
 * - the request's tracing state, for the hooks and server events that run outside the request's
 *   context (core finds it only inside that context);
 * - the Fastify reply, only when an option calls back with Fastify's request (`reply.request`).
 */
const STATE = Symbol('@dd-otel/fastify.state');
const FASTIFY_REPLY = Symbol('@dd-otel/fastify.reply');

type SlottedRequest = IncomingMessage & { [STATE]?: ServerRequestState; [FASTIFY_REPLY]?: FastifyReply };

export function keepState(raw: IncomingMessage, state: ServerRequestState): void {
  (raw as SlottedRequest)[STATE] = state;
}

/** The tracing state of a traced raw request, if any. */
export function stateOf(raw: IncomingMessage): ServerRequestState | undefined {
  return (raw as SlottedRequest)[STATE];
}

export function linkReply(raw: IncomingMessage, reply: FastifyReply): void {
  (raw as SlottedRequest)[FASTIFY_REPLY] = reply;
}

/** The Fastify reply of a raw request linked by `linkReply`, if any. */
export function replyOf(raw: IncomingMessage): FastifyReply | undefined {
  return (raw as SlottedRequest)[FASTIFY_REPLY];
}
