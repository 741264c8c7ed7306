import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getContainerIdentity, parseContainerId, readContainerIdentity, TraceRequestHeaders } from './request-headers.js';

const DOCKER_ID = '34dc0b5e626f2c5c4c5170e34b10e7654ce36f0fcd532739f4445baabea03376';

describe('parseContainerId', () => {
  it.each([
    [`1:name=systemd:/docker/${DOCKER_ID}`, DOCKER_ID],
    [`0::/system.slice/docker-${DOCKER_ID}.scope`, DOCKER_ID],
    ['1:name=systemd:/kubepods/pod1/3d274242-8ee0-4f0a-9ef4-7c6f5e6e2a19', '3d274242-8ee0-4f0a-9ef4-7c6f5e6e2a19'],
    ['1:name=systemd:/ecs/34dc0b5e626f2c5c4c5170e34b10e765-1234567890', '34dc0b5e626f2c5c4c5170e34b10e765-1234567890'],
  ])('finds the id in %s', (cgroup, id) => {
    expect(parseContainerId(cgroup)).toBe(id);
  });

  it.each(['0::/', '1:name=systemd:/user.slice/user-1000.slice', ''])('finds none in %j', (cgroup) => {
    expect(parseContainerId(cgroup)).toBeUndefined();
  });
});

describe('readContainerIdentity', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  function files(cgroupText: string): { cgroupFile: string; cgroupMount: string } {
    directory = mkdtempSync(join(tmpdir(), 'dd-otel-cgroup-'));
    const cgroupFile = join(directory, 'cgroup');
    writeFileSync(cgroupFile, cgroupText);
    return { cgroupFile, cgroupMount: directory };
  }

  it('derives ci-<id> from a container id', () => {
    expect(readContainerIdentity(files(`0::/docker/${DOCKER_ID}\n`))).toEqual({
      containerId: DOCKER_ID,
      entityId: `ci-${DOCKER_ID}`,
    });
  });

  it('falls back to in-<inode> of the cgroup directory', () => {
    const sources = files('0::/app.slice/\n');
    mkdirSync(join(sources.cgroupMount, 'app.slice'));
    const inode = statSync(join(sources.cgroupMount, 'app.slice')).ino;
    expect(readContainerIdentity(sources)).toEqual({ containerId: undefined, entityId: `in-${inode}` });
  });

  it('returns an empty identity when nothing can be read, without throwing', () => {
    expect(readContainerIdentity({ cgroupFile: '/nonexistent/cgroup' })).toEqual({ containerId: undefined, entityId: undefined });
    expect(readContainerIdentity({ ...files('0::/missing'), cgroupMount: '/nonexistent' })).toEqual({
      containerId: undefined,
      entityId: undefined,
    });
  });

  it('reads the real process identity once', () => {
    expect(getContainerIdentity()).toBe(getContainerIdentity());
  });
});

describe('TraceRequestHeaders', () => {
  it('builds exactly the spec headers, with the container ones when known', () => {
    const headers = new TraceRequestHeaders({
      tracerVersion: '9.9.9',
      identity: { containerId: DOCKER_ID, entityId: `ci-${DOCKER_ID}` },
    });
    expect(headers.forPayload(3, 120)).toEqual({
      'Content-Type': 'application/msgpack',
      'Content-Length': '120',
      'Datadog-Meta-Lang': 'nodejs',
      'Datadog-Meta-Lang-Version': process.version,
      'Datadog-Meta-Lang-Interpreter': 'v8',
      'Datadog-Meta-Tracer-Version': '9.9.9',
      'X-Datadog-Trace-Count': '3',
      'Datadog-Container-Id': DOCKER_ID,
      'Datadog-Entity-ID': `ci-${DOCKER_ID}`,
    });
  });

  it('sends only the entity id when the cgroup inode is all that is known', () => {
    const headers = new TraceRequestHeaders({ tracerVersion: '1', identity: { containerId: undefined, entityId: 'in-42' } });
    const built = headers.forPayload(1, 1);
    expect(built['Datadog-Entity-ID']).toBe('in-42');
    expect('Datadog-Container-Id' in built).toBe(false);
  });

  it('sends DD_EXTERNAL_ENV exactly as given, and no such header without it', () => {
    const identity = { containerId: undefined, entityId: undefined };
    const externalEnv = 'it-false,cn-web,pu-75a2b6d5-3949-4afb-ad0d-92ff0674e759';
    const built = new TraceRequestHeaders({ tracerVersion: '1', identity, externalEnv }).forPayload(1, 1);
    expect(built['Datadog-External-Env']).toBe(externalEnv);
    expect('Datadog-External-Env' in new TraceRequestHeaders({ tracerVersion: '1', identity }).forPayload(1, 1)).toBe(false);
  });
});
