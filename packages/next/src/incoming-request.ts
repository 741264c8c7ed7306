import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { diag } from '@opentelemetry/api';
import type { HttpRequestLike } from '@dd-otel/core';

/**
 * Node-only: which HTTP request the code running now is handling. Next's request span carries
 * no request headers (only `http.method` and `http.target`), and Next hands the span processor
 * nothing else, so the headers the client IP comes from are taken from Node itself: its HTTP
 * server publishes every request on this channel synchronously, just before it emits `request`
 * and so before Next (router server, then `BaseServer.handleRequest`) sees it.
 */
const REQUEST_START_CHANNEL = 'http.server.request.start';

/** What the client IP look-up reads, kept small: the store outlives the request on a kept-alive connection. */
type IncomingRequest = Pick<HttpRequestLike, 'headers' | 'socket'>;

const storage = new AsyncLocalStorage<IncomingRequest>();
let watching = false;

/**
 * `enterWith` in the subscriber: the channel is published, not run with `runStores`, so there is
 * no callback to wrap. The subscriber runs in the async context of the connection's HTTP parser,
 * so the store reaches the `request` listener and everything it awaits, and the next request on
 * the same connection replaces it; code outside any request never sees one.
 */
function onRequestStart(message: unknown): void {
  try {
    const request = (message as { request?: HttpRequestLike } | null)?.request;
    if (request === undefined || request === null || typeof request.headers !== 'object') return;
    storage.enterWith({ headers: request.headers, socket: request.socket });
  } catch (error) {
    // Never into Node's request dispatch: the request then simply gets no client IP.
    diag.debug(`@dd-otel/next: could not note an incoming request: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts noting the request each Node HTTP server request is handled under (once per copy of this module). */
export function watchIncomingRequests(): void {
  if (watching) return;
  watching = true;
  diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, onRequestStart);
}

/** The Node HTTP request the current code handles, or undefined outside one (or before `watchIncomingRequests`). */
export function currentIncomingRequest(): IncomingRequest | undefined {
  return storage.getStore();
}
