import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number;
  host: string;
  maxTraces: number;
  help: boolean;
}

export const USAGE = `Usage: dd-otel-dev-agent [--port 8126] [--host 127.0.0.1] [--max-traces 1000]

A local Datadog-Agent-compatible trace intake. Point a tracer at it with
DD_TRACE_AGENT_URL=http://127.0.0.1:8126 and watch payloads, traces and problems
in the terminal or in the trace viewer at http://127.0.0.1:8126/.

  -p, --port <n>        TCP port (0 picks a free one)          default 8126
      --host <host>     interface to bind                      default 127.0.0.1
      --max-traces <n>  traces kept in memory (oldest dropped) default 1000
  -h, --help            show this help

JSON API: GET /api/traces[?service=&error=1], GET /api/traces/:traceId,
GET /api/requests, GET /api/problems, GET /api/stats, DELETE /api/traces.`;

/** Thrown for bad command-line arguments; the message is meant for the user. */
export class CliUsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'max-traces': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const port = parseInteger(values.port, '--port', 8126, 0, 65535);
  const maxTraces = parseInteger(values['max-traces'], '--max-traces', 1000, 1, Number.MAX_SAFE_INTEGER);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  if (host.trim() === '') throw new CliUsageError('--host must not be empty');
  return { port, host, maxTraces, help: values.help === true };
}

function parseInteger(value: string | boolean | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = String(value);
  const parsed = Number(text);
  if (!/^\d+$/.test(text) || parsed < min || parsed > max) {
    throw new CliUsageError(`${flag} must be an integer ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return parsed;
}
