import { parsed, parseList, quoteForMessage, rejected } from './parse.js';
import type { Parsed } from './parse.js';

export const DEFAULT_SERVER_ERROR_STATUSES = '500-599';

const MIN_STATUS = 100;
const MAX_STATUS = 999;

type StatusRange = readonly [low: number, high: number];

/**
 * Parses `500-599,403` (codes and inclusive ranges, comma-separated) into a predicate. Any bad
 * entry rejects the whole setting, so a typo cannot silently stop errors from being flagged.
 */
export function parseServerErrorStatuses(raw: string): Parsed<(status: number) => boolean> {
  const entries = parseList(raw);
  if (entries.length === 0) return rejected('no status code given');
  const ranges: StatusRange[] = [];
  for (const entry of entries) {
    const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(entry);
    const low = match ? Number(match[1]) : NaN;
    const high = match?.[2] === undefined ? low : Number(match[2]);
    if (!(low >= MIN_STATUS && high <= MAX_STATUS && low <= high)) {
      return rejected(`${quoteForMessage(entry)} is not a status code or an ascending range (e.g. 500-599)`);
    }
    ranges.push([low, high]);
  }
  return parsed(statusPredicate(ranges));
}

function statusPredicate(ranges: readonly StatusRange[]): (status: number) => boolean {
  if (ranges.length === 1) {
    const [low, high] = ranges[0]!;
    return (status) => status >= low && status <= high;
  }
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}

/** The default predicate, 500–599. */
export const isDefaultServerErrorStatus = (status: number): boolean => status >= 500 && status <= 599;
