import type { DatadogOptions } from './options.js';
import type { EnvReader } from './env-reader.js';
import type { EnvironmentVariableName } from './env.js';
import type { AppPackage, AppPackageLookup } from './app-package.js';
import { serviceNameFromPackageName } from './app-package.js';
import { parseDatadogTags, parseResourceAttributes } from './parse.js';

/** Unified service tagging: who is reporting, plus the remaining global tags. */
export interface ServiceIdentity {
  readonly service: string;
  readonly env: string | undefined;
  readonly version: string | undefined;
  /** Global tags, without `service`, `env` and `version`. */
  readonly tags: Record<string, string>;
}

export const DEFAULT_SERVICE = 'node';

/** OTel resource attribute → Datadog tag, as dd-trace-js renames them (spec §8.2). */
const RENAMED_RESOURCE_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ['deployment.environment.name', 'env'],
  ['deployment.environment', 'env'],
  ['service.name', 'service'],
  ['service.version', 'version'],
]);

const IDENTITY_TAGS = new Set(['service', 'env', 'version']);

/** Lowest precedence first: a later variable overrides a key set by an earlier one. */
const DATADOG_TAG_VARIABLES: readonly EnvironmentVariableName[] = ['DD_TAGS', 'DD_TRACE_TAGS', 'DD_TRACE_GLOBAL_TAGS'];

/**
 * Resolves service, env, version and global tags (spec §1.4 and §8.2):
 * - service: option > `DD_SERVICE` > `DD_SERVICE_NAME` > `OTEL_SERVICE_NAME` > `service` tag >
 *   `service.name` resource attribute > package.json name > `node`;
 * - env: option > `DD_ENV` > `env` tag > `deployment.environment.name` > `deployment.environment`;
 * - version: option > `DD_VERSION` > `version` tag > `service.version` > package.json version.
 * "Tag" means `options.tags` over `DD_TAGS`/`DD_TRACE_TAGS`/`DD_TRACE_GLOBAL_TAGS`; resource
 * attributes only add keys the Datadog tags do not have.
 */
export function resolveServiceIdentity(
  options: DatadogOptions,
  reader: EnvReader,
  readAppPackage: AppPackageLookup,
): ServiceIdentity {
  const resourceTags = readResourceTags(reader);
  const datadogTags: Record<string, string> = {};
  for (const name of DATADOG_TAG_VARIABLES) Object.assign(datadogTags, readDatadogTags(reader, name));
  Object.assign(datadogTags, options.tags);

  let appPackage: AppPackage | undefined;
  const appPackageField = (field: keyof AppPackage): string | undefined => {
    appPackage ??= safeLookup(readAppPackage);
    return appPackage[field];
  };

  const service =
    options.service ??
    reader.firstString('DD_SERVICE', 'DD_SERVICE_NAME', 'OTEL_SERVICE_NAME')?.value ??
    nonBlank(datadogTags.service) ??
    nonBlank(resourceTags.service) ??
    packageService(appPackageField('name')) ??
    DEFAULT_SERVICE;
  const env =
    nonBlank(options.env) ?? reader.string('DD_ENV') ?? nonBlank(datadogTags.env) ?? nonBlank(resourceTags.env);
  const version =
    nonBlank(options.version) ??
    reader.string('DD_VERSION') ??
    nonBlank(datadogTags.version) ??
    nonBlank(resourceTags.version) ??
    appPackageField('version');

  const tags: Record<string, string> = {};
  for (const source of [resourceTags, datadogTags]) {
    for (const [key, value] of Object.entries(source)) {
      if (!IDENTITY_TAGS.has(key)) tags[key] = value;
    }
  }
  return { service, env, version, tags };
}

function readDatadogTags(reader: EnvReader, name: EnvironmentVariableName): Record<string, string> {
  const raw = reader.string(name);
  if (raw === undefined) return {};
  const { entries, malformed } = parseDatadogTags(raw);
  if (malformed.length > 0) {
    reader.warnInvalid(name, malformed.join(','), 'expected key:value pairs', 'those entries are ignored');
  }
  return entries;
}

/** Resource attributes with the dd-trace-js renames applied (`service.name` → `service`, ...). */
function readResourceTags(reader: EnvReader): Record<string, string> {
  const raw = reader.string('OTEL_RESOURCE_ATTRIBUTES');
  if (raw === undefined) return {};
  const { entries, malformed } = parseResourceAttributes(raw);
  if (malformed.length > 0) {
    reader.warnInvalid(
      'OTEL_RESOURCE_ATTRIBUTES',
      malformed.join(','),
      'expected key=value pairs',
      'those entries are ignored',
    );
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    tags[RENAMED_RESOURCE_ATTRIBUTES.get(key) ?? key] = value;
  }
  // `deployment.environment.name` is the current semconv name; it wins whatever the order.
  const environment = entries['deployment.environment.name'] ?? entries['deployment.environment'];
  if (environment !== undefined) tags.env = environment;
  return tags;
}

function packageService(name: string | undefined): string | undefined {
  return name === undefined ? undefined : serviceNameFromPackageName(name);
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function safeLookup(readAppPackage: AppPackageLookup): AppPackage {
  try {
    return readAppPackage() ?? {};
  } catch {
    // A broken package.json must not stop the app; the `node` default applies.
    return {};
  }
}
