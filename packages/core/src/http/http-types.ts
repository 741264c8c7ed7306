import type { IncomingHttpHeaders } from 'node:http';

/** The parts of a socket the request span reads. */
export interface HttpSocketLike {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  localAddress?: string | undefined;
  localPort?: number | undefined;
  /** `true` on TLS sockets. */
  encrypted?: boolean | undefined;
}

/**
 * What the shared HTTP-server helpers read from a request. Node's `IncomingMessage` satisfies it,
 * and so do the request objects of Express, Fastify (`request.raw`), Nest and Next's Node runtime,
 * so no framework type is ever imported.
 */
export interface HttpRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Express keeps the URL before any router stripped a mount path from `url`. */
  originalUrl?: string | undefined;
  headers: IncomingHttpHeaders;
  httpVersion?: string | undefined;
  socket?: HttpSocketLike | null | undefined;
}

/** What the shared HTTP-server helpers read from a response (Node's `ServerResponse`). */
export interface HttpResponseLike {
  statusCode: number;
  headersSent: boolean;
  writableFinished?: boolean | undefined;
  getHeader(name: string): number | string | readonly string[] | undefined;
  on(event: 'finish' | 'close', listener: () => void): unknown;
}
