/**
 * Test support (not shipped). Runs a scenario in a separate Node process, so "the process exits
 * on its own" and "nothing is left when it exits" can be observed for real. There is no
 * TypeScript loader for a plain node child: the scenario is bundled with esbuild from source.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const reliabilityDirectory = dirname(fileURLToPath(import.meta.url));

export interface BundledScript {
  path: string;
  remove(): void;
}

/** Bundles `source` (TypeScript, imports relative to src/reliability) into one .mjs file. */
export async function bundleScript(source: string, name = 'child'): Promise<BundledScript> {
  const directory = mkdtempSync(join(tmpdir(), `dd-otel-${name}-`));
  const path = join(directory, `${name}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: reliabilityDirectory, loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path,
    logLevel: 'silent',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __ddCreateRequire } from 'node:module'; const require = __ddCreateRequire(import.meta.url);" },
  });
  return { path, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the child had to be killed because it did not exit in time. */
  killedAfterTimeout: boolean;
}

export interface RunOptions {
  args?: string[];
  nodeOptions?: string[];
  env?: NodeJS.ProcessEnv;
  /** The child is killed (and the result says so) if it is still alive after this. Default 15 s. */
  timeoutMs?: number;
  /** Called with each stdout chunk, e.g. to react to a "ready" line. */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function runScript(script: string, options: RunOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), script, ...(options.args ?? [])], {
      env: options.env ?? { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killedAfterTimeout = false;
    const timer = setTimeout(() => {
      killedAfterTimeout = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15_000);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(text, child);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killedAfterTimeout });
    });
  });
}

/** The last line of stdout parsed as JSON (scenarios print their report last). */
export function lastJsonLine<T>(result: ChildResult): T {
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
