import { readFileSync, statSync } from 'node:fs';

/** How the Agent can tell which container (or cgroup) the traces come from. */
export interface ContainerIdentity {
  /** Container id, e.g. 64 hex chars; undefined outside a recognisable container. */
  containerId: string | undefined;
  /** `ci-<container id>`, else `in-<cgroup inode>`, else undefined. */
  entityId: string | undefined;
}

// Container id formats the Agent recognises (docker/containerd 64-hex, PCF/Garden UUIDs, ECS
// tasks), as matched by dd-trace-js `exporters/common/docker.js`.
const UUID_SOURCE =
  '[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{8}(?:-[0-9a-f]{4}){4}$';
const CONTAINER_SOURCE = '[0-9a-f]{64}';
const TASK_SOURCE = String.raw`[0-9a-f]{32}-\d+`;
const CONTAINER_ID_PATTERN = new RegExp(
  String.raw`.*(${UUID_SOURCE}|${CONTAINER_SOURCE}|${TASK_SOURCE})(?:\.scope)?$`,
  'm',
);
const CGROUP_LINE_PATTERN = /^(\d+):([^:]*):(.+)$/m;

/** The container id found in the text of `/proc/self/cgroup`, if any. */
export function parseContainerId(cgroupText: string): string | undefined {
  return cgroupText.trim().match(CONTAINER_ID_PATTERN)?.[1];
}

export interface ContainerIdentitySources {
  /** Default `/proc/self/cgroup`. */
  cgroupFile?: string;
  /** Default `/sys/fs/cgroup`. */
  cgroupMount?: string;
}

/** Reads the identity from the cgroup files; never throws (empty identity off Linux). */
export function readContainerIdentity(sources: ContainerIdentitySources = {}): ContainerIdentity {
  let cgroupText = '';
  try {
    // The default path is a literal so bundlers (Next's Turbopack) don't trace the whole project.
    cgroupText = (
      sources.cgroupFile === undefined
        ? readFileSync('/proc/self/cgroup', 'utf8')
        : readFileSync(/* turbopackIgnore: true */ sources.cgroupFile, 'utf8')
    ).trim();
  } catch {
    return { containerId: undefined, entityId: undefined };
  }
  const containerId = parseContainerId(cgroupText);
  if (containerId !== undefined) return { containerId, entityId: `ci-${containerId}` };

  const cgroupPath = cgroupText.match(CGROUP_LINE_PATTERN)?.[3];
  if (cgroupPath === undefined) return { containerId: undefined, entityId: undefined };
  try {
    const relative = cgroupPath.replace(/^\/+|\/+$/g, '');
    const inode = statSync(/* turbopackIgnore: true */ `${sources.cgroupMount ?? '/sys/fs/cgroup'}/${relative}`).ino;
    return { containerId: undefined, entityId: inode ? `in-${inode}` : undefined };
  } catch {
    return { containerId: undefined, entityId: undefined };
  }
}

let cachedIdentity: ContainerIdentity | undefined;

/** The process's identity, read on first use only (a process never changes container). */
export function getContainerIdentity(): ContainerIdentity {
  cachedIdentity ??= readContainerIdentity();
  return cachedIdentity;
}

export interface TraceRequestHeaderOptions {
  /** Sent as `Datadog-Meta-Tracer-Version`. */
  tracerVersion: string;
  /** Default: `getContainerIdentity()`, resolved when the first headers are built. */
  identity?: ContainerIdentity;
  /** `DD_EXTERNAL_ENV`, already checked to be a sendable header value; sent as `Datadog-External-Env`. */
  externalEnv?: string | undefined;
}

/**
 * Builds the headers of `PUT /v0.x/traces` (spec §7.2). The constant part is computed once; each
 * request only adds its trace count and length.
 */
export class TraceRequestHeaders {
  private constantHeaders: Record<string, string> | undefined;

  constructor(private readonly options: TraceRequestHeaderOptions) {}

  forPayload(traceCount: number, contentLength: number): Record<string, string> {
    this.constantHeaders ??= this.buildConstantHeaders();
    return {
      ...this.constantHeaders,
      'X-Datadog-Trace-Count': String(traceCount),
      'Content-Length': String(contentLength),
    };
  }

  private buildConstantHeaders(): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/msgpack',
      'Datadog-Meta-Lang': 'nodejs',
      'Datadog-Meta-Lang-Version': process.version,
      'Datadog-Meta-Lang-Interpreter': process.versions['bun'] === undefined ? 'v8' : 'JavaScriptCore',
      'Datadog-Meta-Tracer-Version': this.options.tracerVersion,
    };
    const identity = this.options.identity ?? getContainerIdentity();
    if (identity.containerId !== undefined) headers['Datadog-Container-Id'] = identity.containerId;
    if (identity.entityId !== undefined) headers['Datadog-Entity-ID'] = identity.entityId;
    // Lets the Agent tag traces with the pod's tags where it cannot see the container id itself.
    if (this.options.externalEnv !== undefined) headers['Datadog-External-Env'] = this.options.externalEnv;
    return headers;
  }
}
