import type { Attributes } from '@opentelemetry/api';
import { Inject, Injectable } from '@nestjs/common';
import { ControllerModules } from './controller-module.js';

/** Which controller method serves a request, and where it is declared. */
export interface HandlerIdentity {
  readonly controller: string | undefined;
  readonly callback: string | undefined;
  readonly module: string | undefined;
  /** `nestjs.controller`, `nestjs.callback`, `nestjs.module` (those known), for the request span. */
  readonly attributes: Readonly<Attributes>;
}

function nameOf(value: unknown): string | undefined {
  const name = typeof value === 'function' ? value.name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function identityOf(controller: string | undefined, callback: string | undefined, module: string | undefined): HandlerIdentity {
  const attributes: Attributes = {};
  if (controller !== undefined) attributes['nestjs.controller'] = controller;
  if (callback !== undefined) attributes['nestjs.callback'] = callback;
  if (module !== undefined) attributes['nestjs.module'] = module;
  return Object.freeze({ controller, callback, module, attributes: Object.freeze(attributes) });
}

/**
 * The identity of each controller method, worked out at its first request and kept: the guard
 * that tags every request span asks for it, so it must cost a look-up, not a module search.
 * Keyed by class and method, since a method inherited from a base controller serves several.
 */
@Injectable()
export class HandlerIdentities {
  private readonly known = new WeakMap<object, WeakMap<object, HandlerIdentity>>();

  constructor(@Inject(ControllerModules) private readonly controllerModules: ControllerModules) {}

  of(controllerClass: unknown, handler: unknown): HandlerIdentity {
    if (typeof controllerClass !== 'function' || typeof handler !== 'function') {
      return identityOf(nameOf(controllerClass), nameOf(handler), this.controllerModules.moduleOf(controllerClass));
    }
    let byHandler = this.known.get(controllerClass);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.known.set(controllerClass, byHandler);
    }
    let identity = byHandler.get(handler);
    if (identity === undefined) {
      identity = identityOf(nameOf(controllerClass), nameOf(handler), this.controllerModules.moduleOf(controllerClass));
      byHandler.set(handler, identity);
    }
    return identity;
  }
}
