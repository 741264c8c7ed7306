// Child processes with an IPC channel: every measured thing runs in a fresh process, and
// long-lived helpers (stand-in agent, HTTP servers) answer requests over IPC.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

let tasksetChecked;

/** The telling part of a failed child's stderr: its first error line (else its last line), short. */
function errorSummary(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(\w*Error|Error)\b|^\w+Error:/.test(l)) ?? lines.at(-1) ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** True when `taskset` exists and the machine has at least `cpus` CPUs to pin to. */
export function canPin(cpus = 2) {
  tasksetChecked ??= spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
  return tasksetChecked && availableParallelism() >= cpus;
}

/**
 * Starts `node <execArgv> <script> <args>` with IPC, optionally pinned to `cpu` with taskset
 * (taskset execs node, which inherits the IPC descriptor). Returns a handle:
 * `request(message)` sends `{...message, id}` and resolves with the reply carrying that id,
 * `next(type)` resolves with the next message of a type, `exited` resolves with the exit code.
 */
export function startChild({ script, args = [], env = {}, execArgv = [], cpu, cwd, quiet = false }) {
  const nodeArgs = [...execArgv, script, ...args];
  const pinned = cpu !== undefined && canPin(cpu + 1);
  const command = pinned ? 'taskset' : process.execPath;
  const commandArgs = pinned ? ['-c', String(cpu), process.execPath, ...nodeArgs] : nodeArgs;
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > 64 * 1024) stderr = stderr.slice(-32 * 1024);
    if (!quiet) process.stderr.write(chunk);
  });
  const waiters = new Map();
  const typeWaiters = [];
  let nextId = 1;
  child.on('message', (message) => {
    if (message?.id !== undefined && waiters.has(message.id)) {
      waiters.get(message.id).resolve(message);
      waiters.delete(message.id);
      return;
    }
    const index = typeWaiters.findIndex((w) => w.type === message?.type);
    if (index >= 0) typeWaiters.splice(index, 1)[0].resolve(message);
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      // Let stderr drain first (at most a moment), so a failure carries its message.
      const settle = () => {
        clearTimeout(drainTimer);
        const error = new Error(`${script} ${args.join(' ')} exited (${signal ?? code}): ${errorSummary(stderr)}`);
        for (const w of waiters.values()) w.reject(error);
        for (const w of typeWaiters.splice(0)) w.reject(error);
        waiters.clear();
        resolve(code ?? signal);
      };
      const drainTimer = setTimeout(settle, 250);
      if (child.stderr.readableEnded || child.stderr.destroyed) settle();
      else child.stderr.once('close', settle);
    });
    child.on('error', (error) => {
      for (const w of typeWaiters.splice(0)) w.reject(error);
      resolve(-1);
    });
  });
  return {
    child,
    pinned,
    exited,
    stderr: () => stderr,
    request(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiters.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
    next(type) {
      return new Promise((resolve, reject) => typeWaiters.push({ type, resolve, reject }));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a child to completion and resolves with its `{type: 'result'}` message. */
export async function runChild(options, timeoutMs = 10 * 60_000) {
  const handle = startChild(options);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      handle.child.kill('SIGKILL');
      reject(new Error(`${options.script} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([handle.next('result'), timeout]);
    const code = await Promise.race([handle.exited, timeout]);
    if (code !== 0) throw new Error(`${options.script} ${options.args?.join(' ') ?? ''} exited with ${code}: ${errorSummary(handle.stderr())}`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}
