import type { Attributes } from '@opentelemetry/api';
import type { LocalTraceData } from '../span/span-data.js';
import { MECHANISM_MANUAL, USER_KEEP, USER_REJECT, setSamplingDecision } from './priority.js';

export const MANUAL_KEEP_KEY = 'manual.keep';
export const MANUAL_DROP_KEY = 'manual.drop';
export const SAMPLING_PRIORITY_KEY = 'sampling.priority';

/**
 * True for the attribute keys that carry a manual sampling decision. Runs on every attribute
 * write, so the length is checked first: almost every key fails it.
 */
export function isManualSamplingKey(key: string): boolean {
  const length = key.length;
  if (length === 11) return key === MANUAL_KEEP_KEY || key === MANUAL_DROP_KEY;
  return length === 17 && key === SAMPLING_PRIORITY_KEY;
}

/**
 * The priority one manual attribute asks for, or undefined when it asks nothing (spec §5.1):
 * `manual.keep` / `manual.drop` unless `false`; `sampling.priority` truncated, 1|2 → keep,
 * 0|−1 → reject, anything else ignored.
 */
export function manualPriorityFor(key: string, value: unknown): number | undefined {
  if (key === MANUAL_KEEP_KEY) return value === false ? undefined : USER_KEEP;
  if (key === MANUAL_DROP_KEY) return value === false ? undefined : USER_REJECT;
  if (key === SAMPLING_PRIORITY_KEY) {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) return undefined;
    const priority = Math.trunc(number);
    if (priority === 1 || priority === 2) return USER_KEEP;
    if (priority === 0 || priority === -1) return USER_REJECT;
  }
  return undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The manual decision found on a root span's attributes, `manual.keep` first. Runs for every
 * local root, which rarely has any: one literal-key load per key settles that (a map check each),
 * where a `hasOwnProperty` call per key cost ~135 instructions (callgrind); only a key that is
 * there is then checked to be the object's own.
 */
export function manualPriorityFromAttributes(attributes: Attributes): number | undefined {
  const keep = attributes['manual.keep'];
  const drop = attributes['manual.drop'];
  const priority = attributes['sampling.priority'];
  if (keep === undefined && drop === undefined && priority === undefined) return undefined;
  return (
    ownPriority(attributes, MANUAL_KEEP_KEY, keep) ??
    ownPriority(attributes, MANUAL_DROP_KEY, drop) ??
    ownPriority(attributes, SAMPLING_PRIORITY_KEY, priority)
  );
}

function ownPriority(attributes: Attributes, key: string, value: unknown): number | undefined {
  return value !== undefined && hasOwn.call(attributes, key) ? manualPriorityFor(key, value) : undefined;
}

/**
 * Called by spans from `setAttribute` at any time: a manual keep/drop overrides the trace's
 * decision (mechanism 4, `_dd.p.dm=-4`, removed when dropped). Returns true when `key` is a
 * sampling key, whether or not its value changed anything.
 */
export function applyManualSampling(trace: LocalTraceData, key: string, value: unknown): boolean {
  if (!isManualSamplingKey(key)) return false;
  const priority = manualPriorityFor(key, value);
  if (priority !== undefined) setSamplingDecision(trace, priority, MECHANISM_MANUAL, true);
  return true;
}
