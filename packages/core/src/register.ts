/**
 * Side-effect entry: `node --import @dd-otel/core/register app.js` (ESM) or
 * `node --require @dd-otel/core/register app.js` (CJS). As Datadog documents for its tracers, it
 * registers the Datadog tracer provider only when `DD_TRACE_OTEL_ENABLED=true`.
 */
import { readEnvironment } from './config/env.js';
// The public entry, not `./init.js`: the build keeps it external so this file stays tiny and
// shares the provider module an app's own `@dd-otel/core` import loads.
import { init } from './index.js';

const enabled = readEnvironment().DD_TRACE_OTEL_ENABLED;
if (enabled !== undefined && /^(true|1)$/i.test(enabled.trim())) {
  init();
} else {
  process.emitWarning(
    'dd-otel is loaded but not enabled: set DD_TRACE_OTEL_ENABLED=true to send OpenTelemetry spans to Datadog.',
    { code: 'DD_OTEL_NOT_ENABLED' },
  );
}
