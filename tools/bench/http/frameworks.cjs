// The HTTP benchmark's frameworks: the one list the bench, ab.mjs, callgrind.mjs and run.mjs's
// --frameworks accept, with each one's table label and the dd-otel package that traces it.
'use strict';

const HTTP_FRAMEWORKS = {
  express: { label: 'express@5', ddOtelPackage: 'express' },
  fastify: { label: 'fastify@5', ddOtelPackage: 'fastify' },
  // Nest on its default platform, so its rows read against the express rows.
  nest: { label: 'nest@12 (express)', ddOtelPackage: 'nestjs' },
};

const HTTP_FRAMEWORK_NAMES = Object.keys(HTTP_FRAMEWORKS);

module.exports = { HTTP_FRAMEWORKS, HTTP_FRAMEWORK_NAMES };
