import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { finishServerSpan } from '@dd-otel/core';
import { stateOf } from './raw-request-slots.js';
import { TIMEOUT_ATTRIBUTE } from './request-hooks.js';

/**
 * Node's server keeps the response it is writing on the socket (`_httpMessage`: long-standing,
 * not typed); a response leads to its request through the documented `response.req`.
 */
type SocketWithResponse = Socket & { _httpMessage?: { req?: unknown } | null };

/**
 * `clientError` listener of the server: Node's `requestTimeout` fires no Fastify hook. It reports
 * a request whose body did not arrive in time as a client error; Fastify then answers 408 on the
 * raw socket and destroys it. The span of that request (if it had one) ends here, saying so.
 * Listening changes nothing for Fastify: Node's default handling only applies with no listener,
 * and Fastify always has one.
 */
export function onClientError(error: unknown, socket: Socket): void {
  try {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_HTTP_REQUEST_TIMEOUT') return;
    const request = (socket as SocketWithResponse)._httpMessage?.req;
    if (typeof request !== 'object' || request === null) return;
    const state = stateOf(request as IncomingMessage);
    if (state === undefined || state.finished) return;
    state.span.setAttribute(TIMEOUT_ATTRIBUTE, 'request');
    finishServerSpan(state, true);
  } catch {
    // Only reading what Node and core put there; nothing here may disturb the server.
  }
}
