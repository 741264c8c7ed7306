import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentSnapshot } from './env.js';
import type { DatadogOptions } from './options.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

function identity(env: EnvironmentSnapshot, options?: DatadogOptions, appPackage = {}) {
  const { service, env: environment, version, tags } = resolveIsolated(env, options, {
    readAppPackage: () => appPackage,
  });
  return { service, env: environment, version, tags };
}

describe('service', () => {
  const everySource: EnvironmentSnapshot = {
    DD_SERVICE: 'dd-service',
    DD_SERVICE_NAME: 'dd-service-name',
    OTEL_SERVICE_NAME: 'otel-service',
    DD_TAGS: 'service:tag-service',
    OTEL_RESOURCE_ATTRIBUTES: 'service.name=resource-service',
  };
  const pkg = { name: 'pkg-service', version: '9.9.9' };

  it('follows option > DD_SERVICE > DD_SERVICE_NAME > OTEL_SERVICE_NAME > DD_TAGS > resource > package.json > node', () => {
    expect(identity(everySource, { service: 'option' }, pkg).service).toBe('option');
    expect(identity(everySource, undefined, pkg).service).toBe('dd-service');
    const { DD_SERVICE: _a, ...withoutDdService } = everySource;
    expect(identity(withoutDdService, undefined, pkg).service).toBe('dd-service-name');
    const { DD_SERVICE_NAME: _b, ...withoutAlias } = withoutDdService;
    expect(identity(withoutAlias, undefined, pkg).service).toBe('otel-service');
    const { OTEL_SERVICE_NAME: _c, ...withoutOtel } = withoutAlias;
    expect(identity(withoutOtel, undefined, pkg).service).toBe('tag-service');
    const { DD_TAGS: _d, ...withoutTags } = withoutOtel;
    expect(identity(withoutTags, undefined, pkg).service).toBe('resource-service');
    expect(identity({}, undefined, pkg).service).toBe('pkg-service');
    expect(identity({}, undefined, {}).service).toBe('node');
  });

  it('takes a service tag from options.tags over DD_TAGS, but not over DD_SERVICE', () => {
    expect(identity({ DD_TAGS: 'service:env-tag' }, { tags: { service: 'option-tag' } }).service).toBe('option-tag');
    expect(identity({ DD_SERVICE: 'dd' }, { tags: { service: 'option-tag' } }).service).toBe('dd');
  });

  it('ignores blank variables', () => {
    expect(identity({ DD_SERVICE: '  ', OTEL_SERVICE_NAME: 'otel' }).service).toBe('otel');
  });

  it('normalises a scoped package name as dd-trace-js does', () => {
    expect(identity({}, undefined, { name: '@acme/Shop-API' }).service).toBe('acme/shop-api');
    expect(identity({}, undefined, { name: 'my app!' }).service).toBe('my_app_');
  });

  it('falls back to node when the package lookup throws', () => {
    const config = resolveIsolated({}, undefined, {
      readAppPackage: () => {
        throw new Error('unreadable');
      },
    });
    expect(config.service).toBe('node');
    expect(config.version).toBeUndefined();
  });

  it('does not read package.json when service and version are configured', () => {
    let reads = 0;
    resolveIsolated({ DD_SERVICE: 's', DD_VERSION: '1' }, undefined, {
      readAppPackage: () => {
        reads += 1;
        return {};
      },
    });
    expect(reads).toBe(0);
  });
});

describe('env', () => {
  it('follows option > DD_ENV > env tag > deployment.environment.name > deployment.environment', () => {
    const resource = 'deployment.environment=legacy,deployment.environment.name=current';
    const all = { DD_ENV: 'dd', DD_TAGS: 'env:tag', OTEL_RESOURCE_ATTRIBUTES: resource };
    expect(identity(all, { env: 'option' }).env).toBe('option');
    expect(identity(all).env).toBe('dd');
    expect(identity({ DD_TAGS: 'env:tag', OTEL_RESOURCE_ATTRIBUTES: resource }).env).toBe('tag');
    expect(identity({ OTEL_RESOURCE_ATTRIBUTES: resource }).env).toBe('current');
    expect(identity({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=legacy' }).env).toBe('legacy');
    expect(identity({}).env).toBeUndefined();
  });

  it('treats an empty env option as unset', () => {
    expect(identity({ DD_ENV: 'dd' }, { env: '' }).env).toBe('dd');
  });
});

describe('version', () => {
  it('follows option > DD_VERSION > version tag > service.version > package.json version', () => {
    const pkg = { version: '0.0.1' };
    const all = { DD_VERSION: 'dd', DD_TAGS: 'version:tag', OTEL_RESOURCE_ATTRIBUTES: 'service.version=resource' };
    expect(identity(all, { version: 'option' }, pkg).version).toBe('option');
    expect(identity(all, undefined, pkg).version).toBe('dd');
    expect(identity({ DD_TAGS: 'version:tag', OTEL_RESOURCE_ATTRIBUTES: 'service.version=resource' }, undefined, pkg).version).toBe('tag');
    expect(identity({ OTEL_RESOURCE_ATTRIBUTES: 'service.version=resource' }, undefined, pkg).version).toBe('resource');
    expect(identity({}, undefined, pkg).version).toBe('0.0.1');
    expect(identity({}).version).toBeUndefined();
  });
});

describe('tags', () => {
  it('merges resource attributes < DD_TAGS < DD_TRACE_TAGS < DD_TRACE_GLOBAL_TAGS < options.tags', () => {
    const { tags } = identity(
      {
        OTEL_RESOURCE_ATTRIBUTES: 'a=resource,only.resource=r,service.name=s',
        DD_TAGS: 'a:dd-tags,b:dd-tags,c:dd-tags,d:dd-tags',
        DD_TRACE_TAGS: 'b:trace-tags,c:trace-tags,d:trace-tags',
        DD_TRACE_GLOBAL_TAGS: 'c:global-tags,d:global-tags',
      },
      { tags: { d: 'option' } },
    );
    expect(tags).toEqual({
      'only.resource': 'r',
      a: 'dd-tags',
      b: 'trace-tags',
      c: 'global-tags',
      d: 'option',
    });
  });

  it('removes service, env and version from the tags, whatever their source', () => {
    const { tags } = identity(
      {
        DD_TAGS: 'service:s,env:e,version:v,team:core',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=s2,service.version=v2,deployment.environment.name=e2,host.name=h',
      },
      { tags: { env: 'x' } },
    );
    expect(tags).toEqual({ team: 'core', 'host.name': 'h' });
  });

  it('accepts space-separated DD_TAGS', () => {
    expect(identity({ DD_TAGS: 'team:core region:eu-west-1' }).tags).toEqual({ team: 'core', region: 'eu-west-1' });
  });

  it('warns once per variable about malformed entries and keeps the good ones', () => {
    const { tags } = identity({ DD_TAGS: 'team:core,oops,also-bad', OTEL_RESOURCE_ATTRIBUTES: 'k=v,nope' });
    expect(tags).toEqual({ team: 'core', k: 'v' });
    expect(capture.warnings).toHaveLength(2);
    expect(capture.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/DD_TAGS="oops,also-bad"/),
        expect.stringMatching(/OTEL_RESOURCE_ATTRIBUTES="nope"/),
      ]),
    );
  });
});
