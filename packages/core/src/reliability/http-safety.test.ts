/**
 * What a traced HTTP request may leak, checked on the wire (the span as the Agent receives it):
 * query-string secrets are redacted in `http.url` by default, headers are tagged only when
 * named, credentials headers never by default, the client IP is off by default, and the dev
 * agent only listens on loopback unless told otherwise. A plain node:http server traced with
 * the shared server-span helpers stands in for the framework plugins.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { context, propagation, trace } from '@opentelemetry/api';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatadogOptions } from '../config/options.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';
import { startTracedServer } from '../http/server-span.test-support.js';
import type { TracedServer } from '../http/server-span.test-support.js';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';

const SECRETS = ['abc123', 'hunter2', 'Bearer s3cr3t-t0k3n', 's3cr3t-t0k3n', 'session=c00kie', 'c00kie', 'id=set-c00kie', '203.0.113.9'];

let agent: FaultyAgent | undefined;
let provider: DatadogTracerProvider | undefined;
let server: TracedServer | undefined;

afterEach(async () => {
  await server?.close();
  await provider?.shutdown();
  await agent?.close();
  trace.disable();
  propagation.disable();
  context.disable();
  server = provider = agent = undefined;
});

/**
 * One request full of secrets (and `extraHeaders`) through a traced server; returns the server
 * span the Agent received.
 */
async function tracedRequest(
  options: DatadogOptions = {},
  pluginOptions: Record<string, unknown> = {},
  extraHeaders: Record<string, string> = {},
): Promise<DevAgentSpan> {
  agent = await startFaultyAgent(always(HEALTHY));
  provider = new DatadogTracerProvider({ url: agent.url, service: 'safety', logLevel: 'error', ...options });
  provider.register();
  server = await startTracedServer(
    (_req, res) => {
      res.setHeader('set-cookie', 'id=set-c00kie; HttpOnly');
      res.setHeader('x-response-id', 'resp-1');
      res.end('ok');
    },
    { options: pluginOptions },
  );
  const response = await fetch(`${server.url}/login?token=abc123&password=hunter2&page=2`, {
    headers: {
      authorization: 'Bearer s3cr3t-t0k3n',
      cookie: 'session=c00kie',
      'x-forwarded-for': '203.0.113.9',
      'x-request-id': 'req-1',
      'user-agent': 'safety-test',
      ...extraHeaders,
    },
  });
  await response.text();
  // The server span ends when the response finishes, which may be just after fetch resolves.
  for (let i = 0; i < 50 && agent.receivedSpans === 0; i++) {
    await provider.forceFlush();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(agent.dev.problems()).toEqual([]);
  const spans = agent.dev.spans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

/** Every meta/metrics key and meta value of the span, as one list of strings. */
function everything(span: DevAgentSpan): string[] {
  return [...Object.keys(span.meta), ...Object.values(span.meta), ...Object.keys(span.metrics), span.resource, span.name];
}

describe('by default', () => {
  it('redacts query-string secrets in http.url and url.query, and tags no header, no credential and no client IP', async () => {
    const span = await tracedRequest();
    expect(span.meta['http.url']).toMatch(/\/login\?<redacted>&<redacted>&page=2$/);
    expect(span.meta['url.query']).toBe('<redacted>&<redacted>&page=2');
    for (const value of everything(span)) {
      for (const secret of SECRETS) expect(value).not.toContain(secret);
    }
    const keys = Object.keys(span.meta);
    expect(keys.filter((key) => /header|authorization|cookie/i.test(key))).toEqual([]);
    expect(keys.filter((key) => /client_ip|client\.address/.test(key))).toEqual([]);
    // The user agent is standard request metadata, not a header tag.
    expect(span.meta['http.useragent']).toBe('safety-test');
  });

  it('honours a custom DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP', async () => {
    process.env.DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP = 'page=\\d+';
    try {
      const span = await tracedRequest();
      expect(span.meta['http.url']).toMatch(/\?token=abc123&password=hunter2&<redacted>$/);
    } finally {
      delete process.env.DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP;
    }
  });
});

describe('header tags', () => {
  it('tag only the headers named in headerTags, never authorization, cookie or set-cookie alongside them', async () => {
    const span = await tracedRequest({ headerTags: ['x-request-id', 'x-response-id:response.id'] });
    expect(span.meta['http.request.headers.x-request-id']).toBe('req-1');
    expect(span.meta['response.id']).toBe('resp-1');
    const headerKeys = Object.keys(span.meta).filter((key) => /header/.test(key));
    expect(headerKeys.filter((key) => !/x-request-id|x-response-id/.test(key))).toEqual([]);
    for (const value of everything(span)) {
      for (const secret of SECRETS) expect(value).not.toContain(secret);
    }
  });

  it('tag authorization, cookie and set-cookie only when the app names them explicitly', async () => {
    const span = await tracedRequest({}, { headers: ['authorization', 'cookie', 'set-cookie'] });
    expect(span.meta['http.request.headers.authorization']).toBe('Bearer s3cr3t-t0k3n');
    expect(span.meta['http.request.headers.cookie']).toBe('session=c00kie');
    expect(span.meta['http.response.headers.set-cookie']).toContain('id=set-c00kie');
  });
});

describe('client IP', () => {
  it('is collected only when clientIpEnabled is set', async () => {
    const span = await tracedRequest({ clientIpEnabled: true });
    expect(span.meta['http.client_ip']).toBe('203.0.113.9');
  });

  it('with clientIpHeader, comes from that header alone, whatever its case', async () => {
    const span = await tracedRequest(
      { clientIpEnabled: true, clientIpHeader: 'X-Client-Address' },
      {},
      { 'x-client-address': '198.51.100.3' },
    );
    expect(span.meta).toMatchObject({ 'http.client_ip': '198.51.100.3', 'client.address': '198.51.100.3' });
  });

  it('with clientIpHeader absent from the request, is not collected (X-Forwarded-For and the socket are not read)', async () => {
    const span = await tracedRequest({ clientIpEnabled: true, clientIpHeader: 'x-client-address' });
    expect(Object.keys(span.meta).filter((key) => /client_ip|client\.address/.test(key))).toEqual([]);
  });

  it('is not turned on by a client IP header alone', async () => {
    const span = await tracedRequest({ clientIpHeader: 'x-client-address' }, {}, { 'x-client-address': '198.51.100.3' });
    expect(Object.keys(span.meta).filter((key) => /client_ip|client\.address/.test(key))).toEqual([]);
  });

  it("is collected for a plugin whose own clientIpEnabled is true, the tracer's being off", async () => {
    const span = await tracedRequest({}, { clientIpEnabled: true });
    expect(span.meta).toMatchObject({ 'http.client_ip': '203.0.113.9', 'client.address': '203.0.113.9' });
  });

  it("is not collected for a plugin whose own clientIpEnabled is false, the tracer's being on", async () => {
    const span = await tracedRequest({ clientIpEnabled: true }, { clientIpEnabled: false });
    expect(Object.keys(span.meta).filter((key) => /client_ip|client\.address/.test(key))).toEqual([]);
  });

  it("with a plugin's own clientIpEnabled, reads the tracer's clientIpHeader", async () => {
    const span = await tracedRequest(
      { clientIpHeader: 'X-Client-Address' },
      { clientIpEnabled: true },
      { 'x-client-address': '198.51.100.3' },
    );
    expect(span.meta['http.client_ip']).toBe('198.51.100.3');
  });

  describe('with DD_TRACE_CLIENT_IP_HEADER=X-Client-Address', () => {
    const headers = { 'x-client-address': '198.51.100.3', 'x-edge-ip': '198.51.100.4' };
    beforeEach(() => {
      process.env.DD_TRACE_CLIENT_IP_HEADER = 'X-Client-Address';
    });
    afterEach(() => {
      delete process.env.DD_TRACE_CLIENT_IP_HEADER;
    });

    it('comes from that header', async () => {
      expect((await tracedRequest({ clientIpEnabled: true }, {}, headers)).meta['http.client_ip']).toBe('198.51.100.3');
    });

    it("comes from a plugin's own clientIpHeader instead", async () => {
      const span = await tracedRequest({ clientIpEnabled: true }, { clientIpHeader: 'X-Edge-IP' }, headers);
      expect(span.meta['http.client_ip']).toBe('198.51.100.4');
    });
  });
});

describe('the dev agent', () => {
  it('binds 127.0.0.1 by default: not reachable on the machine\'s other addresses', async () => {
    const dev = await startDevAgent();
    try {
      expect(dev.host).toBe('127.0.0.1');
      expect(dev.url).toBe(`http://127.0.0.1:${dev.port}`);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
      if (external !== undefined) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = connect({ host: external.address, port: dev.port });
          socket.once('connect', () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        });
        expect(outcome).toBe('ECONNREFUSED');
      }
    } finally {
      await dev.close();
    }
  });

  it('binds 127.0.0.1 by default from the command line too', async () => {
    const cli = createRequire(import.meta.url).resolve('@dd-otel/dev-agent/package.json').replace(/package\.json$/, 'dist/cli.js');
    const firstLine = await new Promise<string>((resolve, reject) => {
      const child = execFile(process.execPath, [cli, '--port', '0'], { timeout: 10_000 });
      child.stdout!.setEncoding('utf8').once('data', (text: string) => {
        child.kill();
        resolve(text.split('\n')[0] ?? '');
      });
      child.once('error', reject);
    });
    expect(firstLine).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  });
});
