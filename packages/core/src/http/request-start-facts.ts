import type { IncomingHttpHeaders } from 'node:http';
import { logger } from '../internal/diag.js';
import { nodeDiagnosticsChannel } from '../internal/node-builtins.js';
import { describeError } from './describe-error.js';
import { finishOnResponseClose } from './finish-server-span.js';
import type { HttpRequestLike, HttpResponseLike, HttpSocketLike } from './http-types.js';
import type { ServerRequestState } from './request-state.js';

/**
 * Why read a request before the framework sees it: Express switches the prototype of every
 * request (`Object.setPrototypeOf` in `app.handle`), and V8 then gives that object a hidden class
 * of its own. Each property read on it afterwards is a first sight for V8's inline caches: a
 * runtime call of ~1,800 instructions instead of a few (bare Express makes ~78 per request).
 * Node publishes every request on the `http.server.request.start` diagnostics channel just
 * before it emits `request`, while the request still has Node's shared hidden class, so the
 * fields the request span starts with are read there in a few instructions each, and the
 * response's `close` listener is added there. Measured on the Express hello world under callgrind
 * (tools/bench/http/callgrind.mjs, runtime calls counted over 5,000 requests, reproducible to the
 * call): the reads alone saved 2 of dd-otel's ~11 runtime calls per request (presumably the other
 * reads found entries that Express's own reads of the same object had just cached), the listener
 * 3 more, and one store miss.
 */
const CHANNEL = 'http.server.request.start';

/**
 * The request fields `requestStartAttributes` and `isIgnored` read, as Node received them, and
 * the end of the request: the response's `close` listener is added here too, while the response
 * also still has Node's shared hidden class (adding it after Express's switch cost 3 more
 * megamorphic misses and a store miss per request). It ends the span `startServerSpan` hands it.
 */
class RequestStartFacts implements HttpRequestLike {
  /** Express's `originalUrl` is set from `url` later; before any router, `url` is the whole target. */
  readonly originalUrl = undefined;
  /** The request's span state, once a plugin started one that dd-otel owns. */
  endOnClose: ServerRequestState | undefined = undefined;
  /** The response whose `close` the listener above waits for; undefined when it could not be added. */
  response: HttpResponseLike | undefined = undefined;

  constructor(
    readonly method: string | undefined,
    readonly url: string | undefined,
    readonly headers: IncomingHttpHeaders,
    readonly httpVersion: string | undefined,
    readonly socket: HttpSocketLike | null | undefined,
  ) {}
}

/** Where the facts sit on the request: a property Node's shared hidden class takes in stride. */
const FACTS = Symbol('@dd-otel/core.request-start-facts');

type RequestWithFacts = HttpRequestLike & { [FACTS]?: RequestStartFacts };

let watching = false;
/** A request Node itself cannot read would fail the same way every time: said once. */
let failureLogged = false;

function onRequestStart(message: unknown): void {
  try {
    const request = (message as { request?: unknown } | null)?.request as RequestWithFacts | undefined;
    if (request === undefined || request === null || typeof request !== 'object') return;
    const response = (message as { response?: unknown }).response as HttpResponseLike | undefined;
    const facts = new RequestStartFacts(request.method, request.url, request.headers, request.httpVersion, request.socket);
    request[FACTS] = facts;
    if (response !== undefined && response !== null && typeof response.on === 'function') {
      response.on('close', () => {
        const state = facts.endOnClose;
        if (state !== undefined) finishOnResponseClose(state, response);
      });
      facts.response = response;
    }
  } catch (error) {
    // Never into Node's request dispatch: the plugin then reads the request itself.
    if (failureLogged) return;
    failureLogged = true;
    logger.error(`could not read a request at its start: ${describeError(error)}`);
  }
}

/**
 * Starts reading every request of this process's Node HTTP servers at its start (once; there is
 * no stop: the cost is one small object per request). Without the channel, nothing happens and
 * `requestStartFactsOf` stays undefined.
 */
export function watchRequestStarts(): void {
  if (watching) return;
  watching = true;
  try {
    nodeDiagnosticsChannel().subscribe(CHANNEL, onRequestStart);
  } catch (error) {
    logger.debug(`no ${CHANNEL} channel: requests are read where the plugin sees them (${describeError(error)})`);
  }
}

/**
 * The fields of `req` as Node published it, when `watchRequestStarts` ran before it arrived;
 * undefined for a request that did not come through a Node HTTP server (HTTP/2, a test double).
 */
export function requestStartFactsOf(req: HttpRequestLike): RequestStartFacts | undefined {
  return (req as RequestWithFacts)[FACTS];
}

/**
 * Hands the end of a span dd-otel owns to the `close` listener added at the request's start;
 * false when there is none for this response (the caller then adds its own).
 */
export function endOnResponseClose(facts: RequestStartFacts | undefined, res: HttpResponseLike, state: ServerRequestState): boolean {
  if (facts === undefined || facts.response !== res || facts.endOnClose !== undefined) return false;
  facts.endOnClose = state;
  return true;
}

export type { RequestStartFacts };
