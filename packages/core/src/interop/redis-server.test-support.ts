/**
 * Test support (not shipped). Starts Debian's `redis-server` on a free loopback port for the
 * Redis interop test, without persistence, and stops it again. `findRedisServer()` lets the test
 * skip (and say why) on machines without it: `tools/package-check/scripts/ensure-redis.sh`
 * installs it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';

export const INSTALL_HINT = 'run tools/package-check/scripts/ensure-redis.sh (apt-get install redis-server)';

export interface RedisServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Path of the redis-server binary (`REDIS_SERVER_PATH`, then `PATH`), or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const directories = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  // Debian installs it in /usr/bin, which a trimmed PATH may miss.
  for (const directory of [...directories, '/usr/bin', '/usr/local/bin']) {
    const candidate = join(directory, 'redis-server');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Redis refuses `--port 0`, so ask the OS for a free port first (retried if taken meanwhile). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(binary: string): Promise<RedisServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(binary, port);
      return { port, close: () => stop(child) };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start on ${port}: ${output}`)), 10_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
