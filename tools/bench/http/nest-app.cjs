// Hello-world NestJS app of the HTTP benchmark: `GET /` answers 'Hello World!' on Nest's default
// platform (Express). The bench server is plain CommonJS, so the decorators a TypeScript app
// would write are applied by hand, in the order TypeScript's emitted code applies them.
'use strict';

/**
 * Creates the app (not listening). `imports` are modules added to AppModule's imports: how a
 * tracer's Nest module (DatadogModule) is installed. The Nest packages are required here, after
 * the tracing set-up ran, as each tracer's docs ask.
 */
async function createNestApp({ imports = [] } = {}) {
  // Nest reads decorator metadata through the Reflect API this polyfill provides.
  require('reflect-metadata');
  const { Controller, Get, Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');

  class AppController {
    hello() {
      return 'Hello World!';
    }
  }
  const proto = AppController.prototype;
  Get()(proto, 'hello', Object.getOwnPropertyDescriptor(proto, 'hello'));
  Controller()(AppController);

  class AppModule {}
  Module({ imports, controllers: [AppController] })(AppModule);

  return NestFactory.create(AppModule, { logger: false });
}

module.exports = { createNestApp };
