import type { EnvReader } from './env-reader.js';

/**
 * Characters Node refuses in a header value (`ERR_INVALID_CHAR` from `http.request`): anything but
 * tab, visible ASCII, space and obs-text. Checked here rather than with `http.validateHeaderValue`
 * so that resolving the configuration does not load `node:http`.
 */
const INVALID_HEADER_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/** Whether Node would send `value` as a header value (the export tests hold it to Node's own check). */
export function isValidHeaderValue(value: string): boolean {
  return !INVALID_HEADER_VALUE_CHAR.test(value);
}

/**
 * `DD_EXTERNAL_ENV`, sent to the Agent as `Datadog-External-Env` (spec §7.2). The Datadog
 * admission controller sets it (`it-false,cn-<container>,pu-<pod uid>`) for the Agent to resolve
 * the pod's tags, so the value is passed on untouched. Blank counts as unset. A value Node cannot
 * send (a newline, a control character) would make every trace request throw: it is warned about
 * once and the header left out instead.
 */
export function resolveExternalEnv(reader: EnvReader): string | undefined {
  const name = 'DD_EXTERNAL_ENV';
  const raw = reader.raw(name);
  if (raw === undefined || raw.trim() === '') return undefined;
  if (isValidHeaderValue(raw)) return raw;
  reader.warnInvalid(
    name,
    raw,
    'it holds characters an HTTP header value cannot carry',
    'the Datadog-External-Env header is not sent',
  );
  return undefined;
}
