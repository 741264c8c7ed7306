import { createHttpServerTracing } from '@dd-otel/core';
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { logger } from './logger.js';
import { FASTIFY_REGISTER_OPTION_NAMES, toCoreOptions } from './plugin-options.js';
import { createRequestHooks } from './request-hooks.js';
import { onClientError } from './request-timeout.js';
import type { DatadogFastifyOptions } from './types.js';
import { PACKAGE_NAME, VERSION } from './version.js';

function registerDatadogTracing(
  fastify: FastifyInstance,
  options: DatadogFastifyOptions,
  done: (error?: Error) => void,
): void {
  if (fastify.hasRequestDecorator('datadogSpan')) {
    logger.warn('the plugin is already registered on this Fastify instance; this registration is ignored');
    done();
    return;
  }
  let hooks;
  try {
    const { options: coreOptions, needsReplyLink } = toCoreOptions(options);
    const tracing = createHttpServerTracing({
      framework: 'fastify',
      packageName: PACKAGE_NAME,
      packageVersion: VERSION,
      options: coreOptions,
      ownOptionNames: FASTIFY_REGISTER_OPTION_NAMES,
    });
    hooks = createRequestHooks(tracing, needsReplyLink);
  } catch (error) {
    // A bad option: `await app.register(...)` (or `app.ready()`) rejects with the TypeError.
    done(error as Error);
    return;
  }
  fastify.decorateRequest('datadogSpan', null);
  fastify.addHook('onRequest', hooks.onRequest);
  fastify.addHook('onError', hooks.onError);
  fastify.addHook('onTimeout', hooks.onTimeout);
  // No onRequestAbort hook: Fastify pays for one with a closure and a request listener on every
  // request (~1k instructions), and core already ends the span of a request the client left,
  // through the response's close, or, for a pipelined response still queued, the request's.
  fastify.server.on('clientError', onClientError);
  done();
}

type DatadogFastifyPlugin = FastifyPluginCallback<DatadogFastifyOptions> & {
  /** The plugin itself, for `import { datadogFastify }` and `require('@dd-otel/fastify').datadogFastify`. */
  datadogFastify: DatadogFastifyPlugin;
  default: DatadogFastifyPlugin;
};

/**
 * The Fastify plugin: one `fastify.request` server span per request, resource
 * `<METHOD> <route>`, errors recorded, aborts and timeouts ended. Not encapsulated
 * (`fastify-plugin`), so it traces every route, including those of encapsulated plugins and
 * prefixes registered after it. A route opts out with `config: { datadog: false }`.
 *
 * Uses the tracer provider the app registered, or initialises `@dd-otel/core` from the
 * environment at the first request.
 *
 * @throws TypeError (as the rejection of `register`) when an option is invalid; the message names it.
 * @example
 * import Fastify from 'fastify';
 * import datadogFastify from '@dd-otel/fastify';
 *
 * const app = Fastify();
 * await app.register(datadogFastify, { service: 'users-api' });
 * app.get('/users/:id', async (request) => {
 *   request.datadogSpan?.setAttribute('user.id', request.params.id);
 *   return { ok: true };
 * });
 */
export const datadogFastify = fastifyPlugin(registerDatadogTracing, {
  name: PACKAGE_NAME,
  fastify: '4.x || 5.x',
}) as DatadogFastifyPlugin;

// fastify-plugin already points `default` at the plugin (for CJS `require`); the named export
// gets the same treatment so the CJS build can export the plugin function itself.
datadogFastify.datadogFastify = datadogFastify;
