/**
 * Test support (not shipped). Starts the two fixture services as child processes on 127.0.0.1
 * (port 0, each prints `{"ready":true,"port":N}`), calls them, and stops them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from './style-cases.test-support.js';

const FIXTURES: Record<ServiceName, string> = {
  'ddtrace-svc': fileURLToPath(new URL('./ddtrace-service.fixture.cjs', import.meta.url)),
  'ddotel-svc': fileURLToPath(new URL('./ddotel-service.fixture.mjs', import.meta.url)),
};
const BUILT_CORE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;

/** Keeps dd-trace@5 from phoning home (telemetry, remote config, runtime metrics). */
const QUIET_DD_TRACE: Record<string, string> = {
  DD_TRACE_TELEMETRY_ENABLED: 'false',
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
  DD_RUNTIME_METRICS_ENABLED: 'false',
  DD_TRACE_STARTUP_LOGS: 'false',
};

export interface RunningService {
  readonly name: ServiceName;
  readonly port: number;
  /** What the process wrote so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts one fixture with a clean environment: the agent URL, the quiet switches and `env`
 * (the style under test); nothing inherited from the test runner but PATH.
 */
export function startService(
  name: ServiceName,
  agentUrl: string,
  env: Readonly<Record<string, string>>,
): Promise<RunningService> {
  if (name === 'ddotel-svc' && !existsSync(BUILT_CORE)) {
    return Promise.reject(new Error(`${BUILT_CORE} is missing: build core first (cd packages/core && npx tsup)`));
  }
  const child = spawn(process.execPath, [FIXTURES[name]], {
    env: { PATH: process.env.PATH ?? '', AGENT_URL: agentUrl, ...QUIET_DD_TRACE, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail(`no ready line after ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
    child.once('error', (error) => fail(String(error)));
    child.stdout.on('data', () => {
      const ready = /\{"ready":true,"port":(\d+)\}/.exec(output);
      if (settled || ready === null) return;
      settled = true;
      clearTimeout(timer);
      resolve({ name, port: Number(ready[1]), output: () => output, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** What both fixtures answer: their server span's ids, and the callee's answer on `/call-*`. */
export interface ServiceAnswer {
  service: ServiceName;
  /** 32 lower-hex chars. */
  traceId: string;
  spanId: string;
  downstream?: ServiceAnswer;
  error?: string;
}

/** GET on 127.0.0.1 without keep-alive; resolves with the status and the parsed JSON body. */
export function getJson(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ServiceAnswer }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as ServiceAnswer });
        } catch {
          reject(new Error(`GET ${path} answered ${response.statusCode}: ${text}`));
        }
      });
    }).on('error', reject);
  });
}
