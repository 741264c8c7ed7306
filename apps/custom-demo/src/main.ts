/**
 * Runs the guide's snippets once. Start it the way Datadog documents:
 * `DD_TRACE_OTEL_ENABLED=true node --import @dd-otel/core/register dist/main.js`.
 * No flush call is needed: the provider sends pending spans on `beforeExit`.
 */
import { runGuideSnippets } from './guide-snippets.js';

await runGuideSnippets();
