'use strict';
// CJS app: requires Nest and @dd-otel/nestjs's CJS build.
require('reflect-metadata');
const { runScenario } = require('./scenario.cjs');

runScenario({
  api: require('@opentelemetry/api'),
  common: require('@nestjs/common'),
  core: require('@nestjs/core'),
  platformExpress: require('@nestjs/platform-express'),
  platformFastify: require('@nestjs/platform-fastify'),
  nestjs: require('@dd-otel/nestjs'),
  ddCore: require('@dd-otel/core'),
  devAgent: require('@dd-otel/dev-agent'),
  label: 'cjs',
}).then((problems) => {
  for (const problem of problems) console.log(`  ✖ ${problem}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
});
