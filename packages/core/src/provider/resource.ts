import type { Attributes } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';

/** The minimal OTel SDK `Resource` shape that exporters (OTLP) read. */
export interface ResourceLike {
  readonly attributes: Attributes;
  readonly asyncAttributesPending: boolean;
  readonly schemaUrl?: string;
  waitForAsyncAttributes(): Promise<void>;
  getRawAttributes(): Array<[string, unknown]>;
  merge(other: ResourceLike | null): ResourceLike;
}

const cache = new WeakMap<ResolvedConfig, ResourceLike>();

function createResource(attributes: Attributes): ResourceLike {
  const resource: ResourceLike = {
    attributes,
    asyncAttributesPending: false,
    waitForAsyncAttributes: () => Promise.resolve(),
    getRawAttributes: () => Object.entries(attributes),
    merge: (other) => (other ? createResource({ ...attributes, ...other.attributes }) : resource),
  };
  return resource;
}

/** The OTel resource equivalent of the Datadog service/env/version/tags, built once per config. */
export function resourceFor(config: ResolvedConfig): ResourceLike {
  let resource = cache.get(config);
  if (!resource) {
    const attributes: Attributes = { ...config.tags, 'service.name': config.service, 'telemetry.sdk.name': 'dd-otel', 'telemetry.sdk.language': 'nodejs' };
    if (config.env !== undefined) attributes['deployment.environment.name'] = config.env;
    if (config.version !== undefined) attributes['service.version'] = config.version;
    resource = createResource(Object.freeze(attributes));
    cache.set(config, resource);
  }
  return resource;
}
