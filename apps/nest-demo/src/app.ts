import 'reflect-metadata';
import { VersioningType } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';

export type AdapterName = 'express' | 'fastify';

/** The demo app on either adapter, configured (prefix `api`, URI versioning) but not listening. */
export async function createApp(adapter: AdapterName = 'express'): Promise<INestApplication> {
  const httpAdapter = adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(AppModule, httpAdapter, { logger: ['error', 'warn'], abortOnError: false });
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI });
  return app;
}

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  adapter?: AdapterName;
  host?: string;
}

export interface StartedApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`. */
  url: string;
}

/** Creates the app and listens (loopback by default). */
export async function start({ port = 0, adapter = 'express', host = '127.0.0.1' }: StartOptions = {}): Promise<StartedApp> {
  const app = await createApp(adapter);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${host}:${address.port}` };
}
