// ESM app: imports Nest and @dd-otel/nestjs's ESM build.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import * as api from '@opentelemetry/api';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import * as platformExpress from '@nestjs/platform-express';
import * as platformFastify from '@nestjs/platform-fastify';
import * as nestjs from '@dd-otel/nestjs';
import * as ddCore from '@dd-otel/core';
import * as devAgent from '@dd-otel/dev-agent';

const { runScenario } = createRequire(import.meta.url)('./scenario.cjs');
const problems = await runScenario({ api, common, core, platformExpress, platformFastify, nestjs, ddCore, devAgent, label: 'esm' });
for (const problem of problems) console.log(`  ✖ ${problem}`);
process.exitCode = problems.length === 0 ? 0 : 1;
