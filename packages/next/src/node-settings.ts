import type { TracerProvider } from '@opentelemetry/api';
import { extractClientIp, httpEndpoint, webTracingConfig } from '@dd-otel/core';
import { currentIncomingRequest, watchIncomingRequests } from './incoming-request.js';
import { isDatadogConfig, isDefaultServerErrorStatus, settingsFromDatadogConfig } from './mapping-settings.js';
import type { MappingSettings } from './mapping-settings.js';
import type { RequestOperationName } from './options.js';
import type { CheckedNextWebOptions } from './web-options.js';

/**
 * Node-only (it loads `@dd-otel/core`): the mapping settings `registerDatadog` gives Next's span
 * processor. The web options win over the tracer's settings in both directions, as in the other
 * dd-otel web plugins (dd-trace-js spreads a plugin's config over the tracer's).
 */
export function nodeMappingSettings(
  provider: TracerProvider,
  operationName: RequestOperationName,
  webOptions: CheckedNextWebOptions,
): MappingSettings {
  const config = (provider as { config?: unknown }).config;
  const base: MappingSettings = isDatadogConfig(config)
    ? settingsFromDatadogConfig(operationName, config)
    : // A provider that is not dd-otel's has no Datadog configuration to follow: be safe with queries.
      { operationName, queryObfuscation: 'drop', isServerErrorStatus: isDefaultServerErrorStatus };
  // dd-otel's provider: its resolved configuration; another one: the same DD_* variables, read by core.
  const tracerConfig = webTracingConfig(provider);
  const clientIpEnabled = webOptions.clientIpEnabled ?? tracerConfig.clientIpEnabled;
  // `=== true`: the config of a provider from an older dd-otel build has no such field.
  const renaming = webOptions.resourceRenamingEnabled ?? tracerConfig.resourceRenamingEnabled === true;
  return {
    ...base,
    clientIpOfCurrentRequest: clientIpEnabled
      ? clientIpReader(webOptions.clientIpHeader ?? tracerConfig.clientIpHeader)
      : undefined,
    endpointOf: renaming ? httpEndpoint : undefined,
  };
}

/**
 * Reads the client IP of the request being handled as the other plugins do (core's
 * `extractClientIp`: proxy headers, else the socket peer; or only `header`). The request is
 * watched only from here, so with collection off no request pays for it.
 */
function clientIpReader(header: string | undefined): () => string | undefined {
  watchIncomingRequests();
  return () => {
    const request = currentIncomingRequest();
    return request === undefined ? undefined : extractClientIp(request, request.headers, header);
  };
}
