#!/usr/bin/env node
/**
 * For `npm run demo`: serves the production build (`next build` must have run) with `next start`
 * on a free loopback port, exports to DD_TRACE_AGENT_URL, drives every demo scenario once, and
 * exits when the spans had time to flush.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next');

const server = spawn(process.execPath, [nextBin, 'start', '-p', '0', '-H', '127.0.0.1'], {
  cwd: appDir,
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DD_SERVICE: process.env.DD_SERVICE ?? 'next-demo', DD_TRACE_FLUSH_INTERVAL: '200' },
  stdio: ['ignore', 'pipe', 'inherit'],
});

const baseUrl = await new Promise((resolve, reject) => {
  let output = '';
  const timer = setTimeout(() => reject(new Error(`next start did not come up:\n${output}`)), 30_000);
  server.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  server.once('exit', (code) => reject(new Error(`next start exited with ${code}:\n${output}`)));
});

async function request(path, init) {
  const response = await fetch(baseUrl + path, { redirect: 'manual', ...init });
  await response.text();
  console.log(`  ${init?.method ?? 'GET'} ${path} → ${response.status}`);
}

try {
  for (const path of ['/', '/blog/hello-world', '/api/users/42', '/api/boom', '/broken', '/chain', '/legacy', '/api/legacy', '/api/legacy?fail=1', '/does-not-exist', '/api/edge']) {
    await request(path);
  }
  const page = await (await fetch(`${baseUrl}/actions`)).text();
  const actionId = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(page)?.[1];
  const form = new FormData();
  form.append(`$ACTION_ID_${actionId}`, '');
  form.append('note', 'hello from npm run demo');
  await request('/actions', { method: 'POST', body: form, headers: { origin: baseUrl } });
  // Two flush intervals, so everything reached the agent before the server stops.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
} finally {
  server.kill('SIGTERM');
}
