import type { TracerProvider } from '@opentelemetry/api';
import type { HeaderTag, ResolvedConfig } from '../config/options.js';
import { resolveConfig } from '../config/resolve.js';
import { logger } from '../internal/diag.js';

/** The tracer settings the HTTP-server helpers use. */
export type WebTracingConfig = Pick<
  ResolvedConfig,
  | 'headerTags'
  | 'queryStringObfuscation'
  | 'isServerErrorStatus'
  | 'clientIpEnabled'
  | 'clientIpHeader'
  | 'resourceRenamingEnabled'
>;

/** dd-otel's provider is recognised by shape: the ESM and CJS builds have different classes. */
function configOf(provider: TracerProvider): WebTracingConfig | undefined {
  const config = (provider as { config?: Partial<WebTracingConfig> }).config;
  if (typeof config !== 'object' || config === null) return undefined;
  if (typeof config.isServerErrorStatus !== 'function' || !Array.isArray(config.headerTags)) return undefined;
  return config as WebTracingConfig;
}

let environmentConfig: WebTracingConfig | undefined;

/**
 * The configuration of dd-otel's provider when that is the one in use; with another OTel
 * provider (the app's own SDK), the same settings read once from the `DD_*` environment.
 */
export function webTracingConfig(provider: TracerProvider): WebTracingConfig {
  const own = configOf(provider);
  if (own) return own;
  if (environmentConfig === undefined) {
    try {
      environmentConfig = resolveConfig(undefined);
    } catch (error) {
      // resolveConfig only throws for bad options, and there are none; stay safe regardless.
      logger.error(`could not read the web-tracing configuration: ${String(error)}`);
      environmentConfig = FALLBACK_CONFIG;
    }
  }
  return environmentConfig;
}

const FALLBACK_CONFIG: WebTracingConfig = Object.freeze({
  headerTags: Object.freeze([]) as readonly HeaderTag[],
  queryStringObfuscation: undefined,
  isServerErrorStatus: (status: number) => status >= 500 && status <= 599,
  clientIpEnabled: false,
  clientIpHeader: undefined,
  resourceRenamingEnabled: false,
});
