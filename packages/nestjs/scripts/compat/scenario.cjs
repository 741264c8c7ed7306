'use strict';
/**
 * The compatibility scenario, written without TypeScript decorators so it runs as is on any Nest
 * major: a versioned controller under a global prefix, a guard, a pipe, a traced service, a
 * 500; on the Express and the Fastify adapter. Takes the modules as arguments, so the ESM and
 * the CJS runner each pass their own imports of them.
 */

function decorateMethod(prototype, name, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
  for (const decorator of decorators.reverse()) decorator(prototype, name, descriptor);
  Object.defineProperty(prototype, name, descriptor);
}

function buildModule({ common, nestjs, api }) {
  const { Controller, Get, Injectable, Inject, Module, Param, ParseIntPipe, UseGuards, ForbiddenException, InternalServerErrorException } = common;

  class KeyGuard {
    canActivate(context) {
      if (context.switchToHttp().getRequest().headers['x-key'] === 'ok') return true;
      throw new ForbiddenException('key required');
    }
  }
  Injectable()(KeyGuard);

  class UsersService {
    async find(id) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { id, activeSpanId: api.trace.getActiveSpan()?.spanContext().spanId };
    }
  }
  decorateMethod(UsersService.prototype, 'find', nestjs.Traced());
  Injectable()(UsersService);

  class UsersController {
    constructor(users) {
      this.users = users;
    }
    findOne(id) {
      return this.users.find(id);
    }
    secret() {
      return { secret: true };
    }
    boom() {
      throw new InternalServerErrorException('boom');
    }
  }
  Inject(UsersService)(UsersController, undefined, 0);
  Param('id', ParseIntPipe)(UsersController.prototype, 'findOne', 0);
  decorateMethod(UsersController.prototype, 'findOne', Get(':id'));
  decorateMethod(UsersController.prototype, 'secret', Get('x/secret'), UseGuards(KeyGuard), nestjs.Traced());
  decorateMethod(UsersController.prototype, 'boom', Get('x/boom'));
  Controller({ path: 'users', version: '1' })(UsersController);

  class AppModule {}
  Module({
    imports: [nestjs.DatadogModule.forRoot({ handlerSpans: true })],
    controllers: [UsersController],
    providers: [UsersService, KeyGuard],
  })(AppModule);
  return AppModule;
}

const EXPECTED = [
  { path: '/api/v1/users/5', status: 200, resource: 'GET /api/v1/users/:id', error: 0 },
  { path: '/api/v1/users/abc', status: 400, resource: 'GET /api/v1/users/:id', error: 0 },
  { path: '/api/v1/users/x/secret', status: 403, resource: 'GET /api/v1/users/x/secret', error: 0 },
  { path: '/api/v1/users/x/secret', headers: { 'x-key': 'ok' }, status: 200, resource: 'GET /api/v1/users/x/secret', error: 0 },
  { path: '/api/v1/users/x/boom', status: 500, resource: 'GET /api/v1/users/x/boom', error: 1 },
];

/** Runs the scenario; returns a list of problems (empty when everything matched). */
async function runScenario(modules) {
  const { core, platformExpress, platformFastify, ddCore, devAgent, label } = modules;
  const problems = [];
  const agent = await devAgent.startDevAgent({ port: 0 });
  const provider = ddCore.init({ url: agent.url, service: 'nest-compat', flushInterval: 10 });
  const AppModule = buildModule(modules);
  try {
    for (const adapter of ['express', 'fastify']) {
      const httpAdapter = adapter === 'fastify' ? new platformFastify.FastifyAdapter() : new platformExpress.ExpressAdapter();
      const app = await core.NestFactory.create(AppModule, httpAdapter, { logger: ['error', 'warn'], abortOnError: false });
      app.setGlobalPrefix('api');
      app.enableVersioning({ type: modules.common.VersioningType.URI });
      await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
      for (const expected of EXPECTED) {
        const before = agent.spans().length;
        const response = await fetch(base + expected.path, { headers: expected.headers ?? {} });
        const body = await response.text();
        if (response.status !== expected.status) problems.push(`${adapter} ${expected.path}: status ${response.status} ${body}`);
        const server = await agent
          .waitFor((spans) => spans.slice(before).find((span) => span.meta['span.kind'] === 'server'), 5000)
          .catch(() => undefined);
        if (server === undefined) {
          problems.push(`${adapter} ${expected.path}: no server span`);
          continue;
        }
        const seen = { name: server.name, resource: server.resource, error: server.error, controller: server.meta['nestjs.controller'] };
        const want = { name: `${adapter}.request`, resource: expected.resource, error: expected.error };
        for (const key of Object.keys(want)) {
          if (seen[key] !== want[key]) problems.push(`${adapter} ${expected.path}: ${key} ${JSON.stringify(seen[key])}, expected ${JSON.stringify(want[key])}`);
        }
      }
      await app.close();
    }
    await provider.forceFlush();
    const names = new Set(agent.spans().map((span) => span.name));
    for (const name of ['nestjs.handler', 'UsersService.find', 'UsersController.secret']) {
      if (!names.has(name)) problems.push(`no ${name} span`);
    }
    console.log(`${label}: ${agent.spans().length} spans, ${agent.problems().length} payload problems`);
  } finally {
    await provider.shutdown();
    await agent.close();
  }
  return problems;
}

module.exports = { runScenario };
