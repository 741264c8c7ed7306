import { existsSync } from 'node:fs';
import type { DatadogOptions } from './options.js';
import type { EnvReader } from './env-reader.js';
import { parsed, rejected } from './parse.js';
import type { Parsed, NumberRule } from './parse.js';

export const DEFAULT_AGENT_HOST = '127.0.0.1';
export const DEFAULT_AGENT_PORT = 8126;
export const DEFAULT_AGENT_SOCKET = '/var/run/datadog/apm.socket';
export const PORT_RULE: NumberRule = { integer: true, min: 1, max: 65535 };

/** Whether a Unix socket path exists; injectable for tests. */
export type SocketProbe = (path: string) => boolean;

export const defaultSocketProbe: SocketProbe = (path) => {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
};

/**
 * Normalises an Agent URL: `http(s)://host[:port][/path]` without a trailing slash, or
 * `unix:///path/to.sock` (`unix://./pipe/name` for a Windows named pipe). Credentials, query and
 * fragment are rejected: the Agent needs none and they would leak into logs.
 */
export function normalizeAgentUrl(raw: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return rejected('not a valid URL');
  }
  if (url.username !== '' || url.password !== '') return rejected('credentials are not allowed');
  if (url.search !== '' || url.hash !== '') return rejected('query and fragment are not allowed');
  if (url.protocol === 'unix:') {
    if (url.pathname === '' || url.pathname === '/') return rejected('a unix URL needs a socket path');
    return parsed(`unix://${url.host}${url.pathname}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return rejected('the scheme must be http, https or unix');
  }
  if (url.hostname === '') return rejected('the host is missing');
  const path = url.pathname.replace(/\/+$/, '');
  return parsed(`${url.protocol}//${url.host}${path}`);
}

/** Checks a bare host name or IP address (IPv6 with or without brackets). */
export function checkAgentHost(host: string): Parsed<string> {
  const trimmed = host.trim();
  if (trimmed === '') return rejected('the host is empty');
  const bracketed = formatHost(trimmed);
  try {
    const url = new URL(`http://${bracketed}:1`);
    const onlyAHost = url.port === '1' && url.pathname === '/' && url.username === '';
    if (!onlyAHost) return rejected('not a host name or IP address');
  } catch {
    return rejected('not a host name or IP address');
  }
  return parsed(trimmed);
}

/** Brackets an IPv6 literal so it can sit in a URL authority. */
function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export interface AgentUrlInputs {
  readonly options: DatadogOptions;
  readonly reader: EnvReader;
  readonly socketExists: SocketProbe;
  readonly platform: NodeJS.Platform;
}

/**
 * Agent URL (spec §7.1): `url` option > `DD_TRACE_AGENT_URL` (alias `DD_TRACE_URL`) > host/port
 * (options, then `DD_AGENT_HOST`/`DD_TRACE_AGENT_HOSTNAME` and `DD_TRACE_AGENT_PORT`) > the default
 * Unix socket when it exists and neither host nor port is configured > `http://127.0.0.1:8126`.
 */
export function resolveAgentUrl({ options, reader, socketExists, platform }: AgentUrlInputs): string {
  if (options.url !== undefined) {
    const fromOption = normalizeAgentUrl(options.url);
    // validateOptions() already rejected a bad url option; this keeps the function total anyway.
    if (fromOption.ok) return fromOption.value;
  }
  for (const name of ['DD_TRACE_AGENT_URL', 'DD_TRACE_URL'] as const) {
    const url = reader.parse(name, normalizeAgentUrl);
    if (url !== undefined) return url;
  }

  const host =
    options.hostname?.trim() ||
    reader.parse('DD_AGENT_HOST', checkAgentHost) ||
    reader.parse('DD_TRACE_AGENT_HOSTNAME', checkAgentHost);
  const port = options.port ?? reader.number('DD_TRACE_AGENT_PORT', PORT_RULE);

  if (host === undefined && port === undefined && platform !== 'win32' && socketExists(DEFAULT_AGENT_SOCKET)) {
    return `unix://${DEFAULT_AGENT_SOCKET}`;
  }
  return `http://${formatHost(host ?? DEFAULT_AGENT_HOST)}:${port ?? DEFAULT_AGENT_PORT}`;
}
