/**
 * Test support: a Nest app with every scenario the module must handle (global prefix, URI
 * versioning, guards, pipes, filters, traced providers), bootable on either adapter.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import {
  BadRequestException,
  Catch,
  Controller,
  ForbiddenException,
  Get,
  HttpException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  Query,
  SetMetadata,
  UseFilters,
  UseGuards,
  VersioningType,
} from '@nestjs/common';
import type { ArgumentsHost, CanActivate, DynamicModule, ExceptionFilter, ExecutionContext, INestApplication, PipeTransform, Provider } from '@nestjs/common';
import { APP_FILTER, NestFactory, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Observable, of } from 'rxjs';
import { delay, map } from 'rxjs/operators';
import { Traced } from '../traced.decorator.js';

export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: readonly AdapterName[] = ['express', 'fastify'];

/** What a route saw as the active span (16-hex span id, or '' when none). */
function activeSpanId(): string {
  return trace.getActiveSpan()?.spanContext().spanId ?? '';
}

/** Thrown by `/filtered`; only the app's own filter knows it. */
export class TeapotError extends Error {
  override name = 'TeapotError';
}

/** The app's own global filter: answers TeapotError with 418 and a body of its own. */
@Catch(TeapotError)
export class TeapotFilter implements ExceptionFilter {
  catch(exception: TeapotError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ status?: unknown; code?: unknown; send?: unknown; json?: unknown }>();
    const body = { teapot: true, message: exception.message };
    if (typeof response.code === 'function') (response as { code(n: number): { send(b: unknown): void } }).code(418).send(body);
    else (response as unknown as { status(n: number): { json(b: unknown): void } }).status(418).json(body);
  }
}

/** A controller-level filter that rewrites every HttpException as 422. */
@Catch(HttpException)
export class RewriteFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ code?: unknown }>();
    const body = { rewritten: exception.getStatus() };
    if (typeof response.code === 'function') (response as { code(n: number): { send(b: unknown): void } }).code(422).send(body);
    else (response as unknown as { status(n: number): { json(b: unknown): void } }).status(422).json(body);
  }
}

export const ROLES = 'roles';

/** Lets a request through when the route needs no role or the `x-role` header has it. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[] | undefined>(ROLES, context.getHandler());
    if (roles === undefined) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (roles.includes(request.headers['x-role'] ?? '')) return true;
    throw new ForbiddenException('role required');
  }
}

@Injectable()
export class CrashingGuard implements CanActivate {
  canActivate(): boolean {
    throw new TypeError('guard crashed');
  }
}

/** A pipe that fails the way a bug does (not an HttpException): Nest answers 500. */
@Injectable()
export class CrashingPipe implements PipeTransform {
  transform(): never {
    throw new TypeError('pipe crashed');
  }
}

@Injectable()
export class UsersService {
  @Traced()
  async findOne(id: number): Promise<{ id: number; serviceSpanId: string }> {
    await sleep(2);
    return { id, serviceSpanId: activeSpanId() };
  }

  @Traced('users.sync-lookup', { attributes: { 'lookup.kind': 'sync' }, resource: 'lookup by id' })
  lookup(id: number): { id: number; serviceSpanId: string } {
    return { id, serviceSpanId: activeSpanId() };
  }

  @Traced()
  watch(id: number): Observable<{ id: number; serviceSpanId: string }> {
    return of(id).pipe(
      delay(2),
      map((value) => ({ id: value, serviceSpanId: activeSpanId() })),
    );
  }

  @Traced()
  async failing(): Promise<never> {
    await sleep(1);
    throw new RangeError('service failed');
  }

  @Traced()
  missing(): never {
    throw new NotFoundException('no such user');
  }

  /** Not traced: sees whatever span the caller made active. */
  untraced(): string {
    return activeSpanId();
  }
}

@Controller({ path: 'users', version: '1' })
@UseGuards(RolesGuard)
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get('secret')
  @SetMetadata(ROLES, ['admin'])
  @Traced()
  secret(): { secret: string; controllerSpanId: string } {
    return { secret: 'yes', controllerSpanId: activeSpanId() };
  }

  @Traced()
  @Get('secret-too')
  @SetMetadata(ROLES, ['admin'])
  secretToo(): { secret: string } {
    return { secret: 'too' };
  }

  @Get('guard-crash')
  @UseGuards(CrashingGuard)
  guardCrash(): string {
    return 'never';
  }

  @Get('boom')
  boom(): never {
    throw new InternalServerErrorException('database unavailable');
  }

  @Get('crash')
  crash(): never {
    throw new TypeError('unexpected crash');
  }

  @Get('filtered')
  filtered(): never {
    throw new TeapotError('short and stout');
  }

  @Get('service-failure')
  async serviceFailure(): Promise<never> {
    return this.users.failing();
  }

  @Get('pipe-crash')
  pipeCrash(@Query('n', CrashingPipe) n: unknown): unknown {
    return n;
  }

  @Get('bad-request')
  badRequest(): never {
    throw new BadRequestException('bad input');
  }

  @Get(':id/sync')
  sync(@Param('id', ParseIntPipe) id: number): unknown {
    return { ...this.users.lookup(id), controllerSpanId: activeSpanId() };
  }

  @Get(':id/watch')
  watch(@Param('id', ParseIntPipe) id: number): Observable<unknown> {
    return this.users.watch(id);
  }

  @Get(':id/missing')
  missing(): never {
    return this.users.missing();
  }

  @Get(':id')
  async findOne(@Param('id', ParseIntPipe) id: number): Promise<unknown> {
    const controllerSpanId = activeSpanId();
    await sleep(1);
    const afterAwaitSpanId = activeSpanId();
    const user = await this.users.findOne(id);
    return { ...user, controllerSpanId, afterAwaitSpanId, untracedSpanId: this.users.untraced() };
  }
}

@Controller({ path: 'rewritten', version: '1' })
@UseFilters(RewriteFilter)
export class RewrittenController {
  @Get('missing')
  missing(): never {
    throw new NotFoundException();
  }
}

@Module({
  controllers: [UsersController, RewrittenController],
  providers: [UsersService, RolesGuard, CrashingGuard],
})
export class UsersModule {}

export interface BuildOptions {
  /** The DatadogModule import (forRoot/forRootAsync), or none for the reference app. */
  datadog?: DynamicModule;
  /** Register the app's TeapotFilter as APP_FILTER in the root module (else with useGlobalFilters). */
  filterAsProvider?: boolean;
  /** Runs on the app before it listens (e.g. to install the Express or Fastify plugin). */
  beforeListen?: (app: INestApplication, adapter: AdapterName) => void | Promise<void>;
}

export interface RunningApp {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** Builds the app on `adapter`, listens on a loopback port, returns its base URL. */
export async function startTestApp(adapter: AdapterName, options: BuildOptions = {}): Promise<RunningApp> {
  const providers: Provider[] = options.filterAsProvider ? [{ provide: APP_FILTER, useClass: TeapotFilter }] : [];
  @Module({ imports: [UsersModule, ...(options.datadog ? [options.datadog] : [])], providers })
  class AppModule {}

  const httpAdapter = adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(AppModule, httpAdapter, { logger: false, abortOnError: false });
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI });
  if (!options.filterAsProvider) app.useGlobalFilters(new TeapotFilter());
  await options.beforeListen?.(app, adapter);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
