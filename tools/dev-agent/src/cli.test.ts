import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-args.js';
import { runCli } from './cli-run.js';
import type { DevAgent } from './server.js';
import { putV04, wireSpan } from './test-support.js';

describe('parseCliArgs', () => {
  it('defaults to port 8126 on 127.0.0.1 keeping 1000 traces', () => {
    expect(parseCliArgs([])).toEqual({ port: 8126, host: '127.0.0.1', maxTraces: 1000, help: false });
  });

  it('reads --port, --host, --max-traces and -h', () => {
    expect(parseCliArgs(['--port', '0', '--host', '0.0.0.0', '--max-traces', '5', '-h'])).toEqual({
      port: 0, host: '0.0.0.0', maxTraces: 5, help: true,
    });
    expect(parseCliArgs(['-p', '9126']).port).toBe(9126);
  });

  it.each([[['--port', 'x']], [['--port', '70000']], [['--max-traces', '0']], [['--bogus']], [['extra']]])(
    'rejects %j with a usage error',
    (argv) => {
      expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    },
  );
});

describe('runCli', () => {
  let agent: DevAgent | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  it('prints the URL and one line per payload, plus its problems', async () => {
    const lines: string[] = [];
    const result = await runCli(['--port', '0'], { out: (line) => lines.push(line), err: (line) => lines.push(line) });
    if (typeof result === 'number') throw new Error(`runCli exited with ${result}`);
    agent = result;
    expect(lines[0]).toBe(`dd-otel dev agent listening on ${agent.url}`);
    expect(lines[1]).toBe(`  trace viewer: ${agent.url}/`);
    lines.length = 0;
    await putV04(agent, [[wireSpan(), wireSpan({ span_id: 2n, parent_id: 0x1234n, meta: { n: 1 } })]]);
    expect(lines[0]).toMatch(/ PUT \/v0\.4\/traces -> 400: 1 trace, 2 spans, \d+ B, 1 problem \(nodejs v\d+\.\d+\.\d+ 0\.1\.0\)$/);
    expect(lines[1]).toBe('    ! [error span.meta-type] meta.n must be a string, got integer (trace 0, span 1, id 0000000000000002, meta.n)');
  });

  it('prints usage and returns 2 on bad arguments, 0 after --help', async () => {
    const errors: string[] = [];
    expect(await runCli(['--port', 'nope'], { out: () => {}, err: (line) => errors.push(line) })).toBe(2);
    expect(errors[0]).toContain('--port must be an integer');
    const out: string[] = [];
    expect(await runCli(['--help'], { out: (line) => out.push(line), err: () => {} })).toBe(0);
    expect(out[0]).toMatch(/^Usage: dd-otel-dev-agent/);
  });
});

const builtCli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('built bin', () => {
  // The bin is only there after `tsup` (the Nx test target builds first).
  it.skipIf(!existsSync(builtCli))('starts, serves /info and the trace viewer, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [builtCli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`cli exited early (${code}): ${output}`)));
    });
    const info = (await (await fetch(`${url}/info`)).json()) as { endpoints: string[] };
    expect(info.endpoints).toContain('/v0.4/traces');
    expect(output).toContain(`trace viewer: ${url}/`);
    // The bundle in dist/ must find the viewer's static files in the package.
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/ui/main.js');
    expect((await fetch(`${url}/ui/main.js`)).status).toBe(200);
    const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
  });
});
