/**
 * The web-plugin options `@dd-otel/next` shares with `@dd-otel/express`, `-fastify` and `-nestjs`.
 * Validated here without `@dd-otel/core`, because `registerDatadog` checks its options in the Edge
 * runtime too, where core cannot be loaded.
 */
export interface NextWebOptions {
  /**
   * Tag Next's request spans with `http.client_ip` / `client.address` (`true`) or not (`false`),
   * whatever the tracer's setting. Node.js runtime only. Default: `DD_TRACE_CLIENT_IP_ENABLED`.
   */
  clientIpEnabled?: boolean;
  /**
   * The one request header the client IP is read from (case-insensitive), instead of the usual
   * proxy headers and the socket. Only used when client IP collection is on. Default:
   * `DD_TRACE_CLIENT_IP_HEADER`.
   */
  clientIpHeader?: string;
  /**
   * Tag Next's request spans that matched no route (404s) with `http.endpoint`, their path
   * normalised as dd-trace-js does (`/users/{param:int}`). Default: `DD_TRACE_RESOURCE_RENAMING_ENABLED`.
   */
  resourceRenamingEnabled?: boolean;
}

/** The web options after validation; undefined means the tracer's setting applies. */
export interface CheckedNextWebOptions {
  readonly clientIpEnabled: boolean | undefined;
  /** Trimmed and lower-cased, as Node names incoming headers. */
  readonly clientIpHeader: string | undefined;
  readonly resourceRenamingEnabled: boolean | undefined;
}

export const NO_WEB_OPTIONS: CheckedNextWebOptions = Object.freeze({
  clientIpEnabled: undefined,
  clientIpHeader: undefined,
  resourceRenamingEnabled: undefined,
});

/** RFC 9110 `token`: the characters a header name may have (the rule `@dd-otel/core` applies). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * Checks the web options among `options` (other keys are ignored).
 * @throws TypeError naming the option that is invalid.
 */
export function checkWebOptions(options: NextWebOptions): CheckedNextWebOptions {
  const { clientIpEnabled, clientIpHeader, resourceRenamingEnabled } = options;
  checkBoolean('clientIpEnabled', clientIpEnabled);
  checkBoolean('resourceRenamingEnabled', resourceRenamingEnabled);
  let header: string | undefined;
  if (clientIpHeader !== undefined) {
    header = typeof clientIpHeader === 'string' ? clientIpHeader.trim().toLowerCase() : undefined;
    if (header === undefined || !HEADER_NAME.test(header)) {
      throw new TypeError(
        `@dd-otel/next: option "clientIpHeader" must be a header name such as "x-real-ip", got ${describeValue(clientIpHeader)}`,
      );
    }
  }
  return { clientIpEnabled, clientIpHeader: header, resourceRenamingEnabled };
}

function checkBoolean(name: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  throw new TypeError(`@dd-otel/next: option "${name}" must be true or false, got ${describeValue(value)}`);
}

/** A value as an error message shows it: strings quoted, objects by kind only. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' || typeof value === 'function' ? `a ${typeof value}` : String(value);
}
