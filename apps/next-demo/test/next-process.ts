import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const NEXT_BIN = createRequire(join(APP_DIR, 'package.json')).resolve('next/dist/bin/next');

/** Environment every Next process of the tests gets, on top of the test's own. */
function nextEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

/**
 * `next build` of the demo. Set NEXT_E2E_REUSE_BUILD=1 to skip it when a build exists (handy
 * while iterating on assertions; the suite always builds by default).
 */
export async function buildDemo(): Promise<void> {
  if (process.env.NEXT_E2E_REUSE_BUILD === '1' && existsSync(join(APP_DIR, '.next', 'BUILD_ID'))) return;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [NEXT_BIN, 'build'], { cwd: APP_DIR, env: nextEnv({}), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`next build failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

export interface RunningNext {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `next start` or `next dev` on a free loopback port (`-p 0`; Next prints the port it got)
 * in its own process group, so stopping it also stops the workers `next dev` forks.
 */
export async function startNext(mode: 'start' | 'dev', env: Record<string, string>): Promise<RunningNext> {
  const child = spawn(process.execPath, [NEXT_BIN, mode, '-p', '0', '-H', '127.0.0.1'], {
    cwd: APP_DIR,
    env: nextEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next ${mode} did not start:\n${output}`)), 60_000);
    const onData = (): void => {
      const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`next ${mode} exited with ${code}:\n${output}`));
    });
  });
  return { baseUrl, output: () => output, stop: () => stopGroup(child) };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
