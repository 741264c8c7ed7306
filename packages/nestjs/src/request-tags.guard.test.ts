import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { ControllerModules } from './controller-module.js';
import { HandlerIdentities } from './handler-identity.js';
import { HandlerInterceptor, handlerInterceptorFor } from './handler.interceptor.js';
import { checkModuleOptions } from './options.js';
import { RequestTagsGuard } from './request-tags.guard.js';
import type { NestRequestTracing } from './request-tracing.js';

class UsersController {
  findOne(): void {}
  list(): void {}
}

class AdminController extends UsersController {}

function identities(modules: Record<string, string> = {}): HandlerIdentities {
  const controllerModules = { moduleOf: (controller?: { name?: string }) => modules[controller?.name ?? ''] } as unknown as ControllerModules;
  return new HandlerIdentities(controllerModules);
}

/** Request tracing that never finds a traced request: only what the guard answers matters. */
const untraced = { stateOf: () => undefined } as unknown as NestRequestTracing;

function httpContext(overrides: Partial<ExecutionContext> = {}): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => UsersController,
    getHandler: () => UsersController.prototype.findOne,
    switchToHttp: () => ({ getRequest: () => ({}) }),
    ...overrides,
  } as unknown as ExecutionContext;
}

describe('RequestTagsGuard', () => {
  const thrower = (): never => {
    throw new Error('broken context');
  };

  it.each([
    ['an HTTP request that is not traced', httpContext()],
    ['an RPC call', httpContext({ getType: () => 'rpc' as never })],
    ['a context whose getType throws', httpContext({ getType: thrower })],
    ['a context whose request cannot be read', httpContext({ switchToHttp: thrower })],
  ])('lets %s through', (_what, executionContext) => {
    const guard = new RequestTagsGuard(untraced, identities());
    expect(guard.canActivate(executionContext)).toBe(true);
  });

  it('lets a request through when tagging its span throws', () => {
    const span = { setAttributes: thrower };
    const tracing = { stateOf: () => ({ finished: false, span }) } as unknown as NestRequestTracing;
    expect(new RequestTagsGuard(tracing, identities()).canActivate(httpContext())).toBe(true);
  });

  it('tags the span of a traced request with the handler and its module', () => {
    const tagged: unknown[] = [];
    const span = { setAttributes: (attributes: unknown) => tagged.push(attributes) };
    const tracing = { stateOf: () => ({ finished: false, span, route: '/users/:id' }) } as unknown as NestRequestTracing;
    new RequestTagsGuard(tracing, identities({ UsersController: 'UsersModule' })).canActivate(httpContext());
    expect(tagged).toEqual([{ 'nestjs.controller': 'UsersController', 'nestjs.callback': 'findOne', 'nestjs.module': 'UsersModule' }]);
  });
});

describe('HandlerIdentities', () => {
  it('keeps one identity per controller class and method, inherited methods included', () => {
    const known = identities({ UsersController: 'UsersModule', AdminController: 'AdminModule' });
    const findOne = known.of(UsersController, UsersController.prototype.findOne);
    expect(known.of(UsersController, UsersController.prototype.findOne)).toBe(findOne);
    expect(known.of(UsersController, UsersController.prototype.list).callback).toBe('list');
    expect(known.of(AdminController, UsersController.prototype.findOne).attributes).toEqual({
      'nestjs.controller': 'AdminController',
      'nestjs.callback': 'findOne',
      'nestjs.module': 'AdminModule',
    });
    expect(Object.isFrozen(findOne.attributes)).toBe(true);
  });

  it('leaves out what it cannot name', () => {
    expect(identities().of(undefined, () => undefined).attributes).toEqual({});
  });
});

describe('handlerInterceptorFor', () => {
  it.each([
    [{}, false],
    [{ handlerSpans: true }, true],
    [{ recordExceptionsBeforeFilters: true }, true],
    [{ handlerSpans: false, recordExceptionsBeforeFilters: false }, false],
  ])('installs the interceptor for %j: %s', (options, installed) => {
    const interceptor = handlerInterceptorFor(checkModuleOptions(options), untraced, identities());
    if (installed) expect(interceptor).toBeInstanceOf(HandlerInterceptor);
    else expect(interceptor).toBeNull();
  });
});
