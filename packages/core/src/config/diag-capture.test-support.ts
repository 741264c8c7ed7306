/**
 * Test support (not shipped: no entry point imports it). Captures what core logs through the
 * global OTel `diag` logger, and resolves configuration without touching the machine.
 */
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import type { DatadogOptions, ResolvedConfig } from './options.js';
import type { EnvironmentSnapshot } from './env.js';
import { resolveConfig } from './resolve.js';
import type { ResolveHooks } from './resolve.js';

export interface DiagCapture {
  readonly warnings: string[];
  readonly infos: string[];
  readonly errors: string[];
  /** Unregisters the logger (`diag.disable()`). */
  restore(): void;
}

/** Registers a recording logger at level ALL; messages are the logged arguments joined by spaces. */
export function captureDiag(): DiagCapture {
  const warnings: string[] = [];
  const infos: string[] = [];
  const errors: string[] = [];
  const join = (args: unknown[]): string => args.map(String).join(' ');
  const recorder: DiagLogger = {
    error: (...args) => void errors.push(join(args)),
    warn: (...args) => void warnings.push(join(args)),
    info: (...args) => void infos.push(join(args)),
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(recorder, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return { warnings, infos, errors, restore: () => diag.disable() };
}

/** Hooks that make resolution independent of this machine: no package.json, no Agent socket. */
export const ISOLATED_HOOKS: ResolveHooks = Object.freeze({
  readAppPackage: () => ({}),
  socketExists: () => false,
  platform: 'linux',
});

export function resolveIsolated(
  env: EnvironmentSnapshot,
  options?: DatadogOptions,
  hooks: ResolveHooks = {},
): ResolvedConfig {
  return resolveConfig(options, env, { ...ISOLATED_HOOKS, ...hooks });
}
