import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Core traces the Node request (`request.raw`); the app's `ignore` predicates and `hooks.request`
 * expect Fastify's request and reply. The reply is kept on the raw request (only when such an
 * option is used), and `reply.request` leads back to the request.
 */
const FASTIFY_REPLY = Symbol('@dd-otel/fastify.reply');

type LinkedRequest = IncomingMessage & { [FASTIFY_REPLY]?: FastifyReply };

export function linkReply(raw: IncomingMessage, reply: FastifyReply): void {
  (raw as LinkedRequest)[FASTIFY_REPLY] = reply;
}

/** The Fastify reply of a raw request linked by `linkReply`, if any. */
export function replyOf(raw: IncomingMessage): FastifyReply | undefined {
  return (raw as LinkedRequest)[FASTIFY_REPLY];
}
