import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentSnapshot } from './env.js';
import type { DatadogOptions } from './options.js';
import { checkAgentHost, normalizeAgentUrl } from './agent-url.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';
import type { ResolveHooks } from './resolve.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

const agentUrl = (env: EnvironmentSnapshot, options?: DatadogOptions, hooks?: ResolveHooks): string =>
  resolveIsolated(env, options, hooks).agentUrl;

const socketPresent: ResolveHooks = { socketExists: (path) => path === '/var/run/datadog/apm.socket' };

describe('normalizeAgentUrl', () => {
  it.each([
    ['http://agent:8126', 'http://agent:8126'],
    ['http://agent:8126/', 'http://agent:8126'],
    ['HTTP://Agent:8126', 'http://agent:8126'],
    ['https://agent.example.com', 'https://agent.example.com'],
    ['http://agent:8126/prefix/', 'http://agent:8126/prefix'],
    ['http://[::1]:8126', 'http://[::1]:8126'],
    ['unix:///var/run/datadog/apm.socket', 'unix:///var/run/datadog/apm.socket'],
    ['unix:/tmp/apm.sock', 'unix:///tmp/apm.sock'],
    ['unix://./pipe/datadog-apm', 'unix://./pipe/datadog-apm'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeAgentUrl(raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['agent:8126x', 'localhost', 'ftp://agent', 'unix://', 'http://a:b@agent:1', 'http://agent?x=1', ''])(
    'rejects %j',
    (raw) => {
      expect(normalizeAgentUrl(raw).ok).toBe(false);
    },
  );
});

describe('checkAgentHost', () => {
  it('accepts names and IP addresses', () => {
    expect(checkAgentHost('dd-agent').ok).toBe(true);
    expect(checkAgentHost('10.0.0.1').ok).toBe(true);
    expect(checkAgentHost('::1').ok).toBe(true);
    expect(checkAgentHost('[fe80::1]').ok).toBe(true);
  });

  it.each(['', 'two words', 'host:80', 'host/path', 'a@b'])('rejects %j', (host) => {
    expect(checkAgentHost(host).ok).toBe(false);
  });
});

describe('agent URL resolution', () => {
  it('defaults to http://127.0.0.1:8126', () => {
    expect(agentUrl({})).toBe('http://127.0.0.1:8126');
  });

  it('prefers the url option over everything', () => {
    const env = { DD_TRACE_AGENT_URL: 'http://env:1', DD_AGENT_HOST: 'host' };
    expect(agentUrl(env, { url: 'https://option:443/', hostname: 'x', port: 2 })).toBe('https://option');
  });

  it('uses DD_TRACE_AGENT_URL, then its alias DD_TRACE_URL, over host and port', () => {
    const env = { DD_TRACE_AGENT_URL: 'unix:///tmp/a.sock', DD_TRACE_URL: 'http://alias:1', DD_AGENT_HOST: 'h' };
    expect(agentUrl(env)).toBe('unix:///tmp/a.sock');
    expect(agentUrl({ DD_TRACE_URL: 'http://alias:1', DD_AGENT_HOST: 'h' })).toBe('http://alias:1');
    expect(agentUrl({ DD_TRACE_AGENT_URL: 'http://env:1' }, { hostname: 'option' })).toBe('http://env:1');
  });

  it('builds the URL from host and port, options first', () => {
    const env = { DD_AGENT_HOST: 'env-host', DD_TRACE_AGENT_HOSTNAME: 'alias-host', DD_TRACE_AGENT_PORT: '9000' };
    expect(agentUrl(env)).toBe('http://env-host:9000');
    expect(agentUrl({ DD_TRACE_AGENT_HOSTNAME: 'alias-host' })).toBe('http://alias-host:8126');
    expect(agentUrl(env, { hostname: 'opt-host', port: 1234 })).toBe('http://opt-host:1234');
    expect(agentUrl({ DD_TRACE_AGENT_PORT: '9000' })).toBe('http://127.0.0.1:9000');
  });

  it('brackets IPv6 hosts', () => {
    expect(agentUrl({ DD_AGENT_HOST: '::1' })).toBe('http://[::1]:8126');
    expect(agentUrl({}, { hostname: 'fe80::1', port: 9 })).toBe('http://[fe80::1]:9');
    expect(agentUrl({ DD_AGENT_HOST: '[::1]' })).toBe('http://[::1]:8126');
  });

  it('uses the default socket when it exists and neither host nor port is configured', () => {
    expect(agentUrl({}, undefined, socketPresent)).toBe('unix:///var/run/datadog/apm.socket');
    expect(agentUrl({ DD_AGENT_HOST: 'h' }, undefined, socketPresent)).toBe('http://h:8126');
    expect(agentUrl({ DD_TRACE_AGENT_PORT: '8126' }, undefined, socketPresent)).toBe('http://127.0.0.1:8126');
    expect(agentUrl({}, { port: 8126 }, socketPresent)).toBe('http://127.0.0.1:8126');
    expect(agentUrl({}, undefined, { ...socketPresent, platform: 'win32' })).toBe('http://127.0.0.1:8126');
  });

  it('warns once about an invalid DD_TRACE_AGENT_URL and falls back to host and port', () => {
    expect(agentUrl({ DD_TRACE_AGENT_URL: 'ftp://agent', DD_AGENT_HOST: 'h' })).toBe('http://h:8126');
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/DD_TRACE_AGENT_URL="ftp:\/\/agent"/);
  });

  it.each<[EnvironmentSnapshot, string]>([
    [{ DD_TRACE_AGENT_PORT: '70000' }, 'DD_TRACE_AGENT_PORT'],
    [{ DD_TRACE_AGENT_PORT: 'http' }, 'DD_TRACE_AGENT_PORT'],
    [{ DD_AGENT_HOST: 'not a host' }, 'DD_AGENT_HOST'],
  ])('warns once about %j and uses the default', (env, variable) => {
    expect(agentUrl(env)).toBe('http://127.0.0.1:8126');
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain(variable);
  });
});
