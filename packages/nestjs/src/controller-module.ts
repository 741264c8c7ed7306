import { Inject, Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

/** What is read from one of Nest's modules. */
interface ModuleView {
  readonly name?: unknown;
  readonly controllers?: { has(token: unknown): boolean };
}

/**
 * Finds which Nest module declares a controller (`nestjs.module`), once per controller class.
 * Modules are fixed once the application runs, so the answer is kept.
 */
@Injectable()
export class ControllerModules {
  private readonly known = new WeakMap<object, string | null>();

  constructor(@Inject(ModulesContainer) private readonly modules: ModulesContainer) {}

  moduleOf(controller: unknown): string | undefined {
    if (typeof controller !== 'function') return undefined;
    let name = this.known.get(controller);
    if (name === undefined) {
      name = this.find(controller);
      this.known.set(controller, name);
    }
    return name ?? undefined;
  }

  private find(controller: object): string | null {
    try {
      for (const module of this.modules.values() as Iterable<ModuleView>) {
        if (module.controllers?.has(controller) === true && typeof module.name === 'string') return module.name;
      }
    } catch {
      // Nest's internals changed shape: the tag is optional.
    }
    return null;
  }
}
