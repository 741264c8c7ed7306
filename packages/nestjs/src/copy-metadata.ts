/** The reflect-metadata API, when loaded (Nest loads it; it is a peer dependency). */
interface ReflectMetadata {
  getMetadataKeys?(target: object): unknown[];
  getOwnMetadataKeys?(target: object): unknown[];
  getOwnMetadata?(key: unknown, target: object): unknown;
  defineMetadata?(key: unknown, value: unknown, target: object): void;
}

/**
 * Gives `wrapper` the identity Nest and other decorators read from a method: its name and
 * length, and every reflect-metadata entry defined on the original function (route path and
 * method, guards, roles, interceptors, ...). Without this, decorators applied before the
 * wrapper would be lost (the failure OTel's Nest instrumentation had, #633/#676).
 */
export function copyMethodIdentity(original: Function, wrapper: Function): void {
  for (const property of ['name', 'length'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(original, property);
    if (descriptor !== undefined) Object.defineProperty(wrapper, property, descriptor);
  }
  const reflect = Reflect as unknown as ReflectMetadata;
  if (typeof reflect.getOwnMetadataKeys !== 'function' || typeof reflect.defineMetadata !== 'function') return;
  for (const key of reflect.getOwnMetadataKeys(original)) {
    reflect.defineMetadata(key, reflect.getOwnMetadata!(key, original), wrapper);
  }
}
