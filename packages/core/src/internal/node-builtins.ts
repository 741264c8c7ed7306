// Aliased: bundles of ESM apps often start with a banner that declares its own `createRequire`.
import { createRequire as createBuiltinRequire } from 'node:module';

/**
 * Node built-ins that only some code paths need, loaded on first use instead of at import.
 * `node:crypto`, `node:http`/`node:https` and `node:net` cost a few milliseconds each to load
 * (streams, TLS, sockets), which an app would otherwise pay at start-up before it sent a span.
 *
 * `process.getBuiltinModule` (Node >= 20.16) keeps bundlers out of it; older Node 20 releases get
 * a plain `require` (`node:module` itself is part of Node's bootstrap, so importing it is free).
 */
type NodeCrypto = typeof import('node:crypto');
type NodeHttp = typeof import('node:http');
type NodeHttps = typeof import('node:https');
type NodeNet = typeof import('node:net');
type NodeDiagnosticsChannel = typeof import('node:diagnostics_channel');

let fallbackRequire: NodeJS.Require | undefined;

function builtin<T>(id: 'node:crypto' | 'node:http' | 'node:https' | 'node:net' | 'node:diagnostics_channel'): T {
  if (typeof process.getBuiltinModule === 'function') return process.getBuiltinModule(id) as T;
  // Any absolute path will do: built-ins resolve the same from everywhere.
  fallbackRequire ??= createBuiltinRequire(process.execPath);
  return fallbackRequire(id) as T;
}

let crypto: NodeCrypto | undefined;
let http: NodeHttp | undefined;
let https: NodeHttps | undefined;
let net: NodeNet | undefined;
let diagnosticsChannel: NodeDiagnosticsChannel | undefined;

export function nodeCrypto(): NodeCrypto {
  return (crypto ??= builtin<NodeCrypto>('node:crypto'));
}

export function nodeHttp(): NodeHttp {
  return (http ??= builtin<NodeHttp>('node:http'));
}

export function nodeHttps(): NodeHttps {
  return (https ??= builtin<NodeHttps>('node:https'));
}

export function nodeNet(): NodeNet {
  return (net ??= builtin<NodeNet>('node:net'));
}

export function nodeDiagnosticsChannel(): NodeDiagnosticsChannel {
  return (diagnosticsChannel ??= builtin<NodeDiagnosticsChannel>('node:diagnostics_channel'));
}
