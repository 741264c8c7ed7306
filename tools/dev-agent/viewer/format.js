// @ts-check
/** Formatting of durations, times, sizes and service colours. */

/**
 * @param {number} ns
 * @returns {string}
 */
export function formatDuration(ns) {
  if (!Number.isFinite(ns) || ns < 0) return '–';
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${trim(ns / 1_000)} µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000)} ms`;
  if (ns < 60_000_000_000) return `${trim(ns / 1_000_000_000)} s`;
  return `${Math.floor(ns / 60_000_000_000)} min ${Math.round((ns % 60_000_000_000) / 1_000_000_000)} s`;
}

/** Three significant digits, no trailing zeros: 12.3, 1.05, 250. @param {number} value */
function trim(value) {
  return String(Number(value.toPrecision(3)));
}

/**
 * Nanoseconds since the epoch (exact decimal string) to milliseconds.
 * @param {string} ns
 */
export function nsToMs(ns) {
  try {
    return Number(BigInt(ns) / 1_000_000n);
  } catch {
    return Number.NaN;
  }
}

/**
 * Difference of two ns decimal strings, in ns.
 * @param {string} later
 * @param {string} earlier
 */
export function nsBetween(later, earlier) {
  try {
    return Number(BigInt(later) - BigInt(earlier));
  } catch {
    return Number.NaN;
  }
}

/**
 * Local wall-clock time with milliseconds, e.g. `14:03:07.125`.
 * @param {number} ms
 */
export function formatClock(ms) {
  if (!Number.isFinite(ms)) return '–';
  const date = new Date(ms);
  const pad = (/** @type {number} */ value, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** @param {number} ms */
export function formatIso(ms) {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '–';
}

/** @param {number} bytes */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * @param {number} count
 * @param {string} noun
 */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Hues picked to stay apart from each other and from the error red. */
const HUES = [262, 152, 32, 205, 292, 96, 190, 48, 228, 128, 316, 172];
/** @type {Map<string, string>} */
const coloursByService = new Map();

/**
 * A colour per service, handed out in order of first sight, so the first dozen services never
 * share one and a service looks the same in every trace of the session.
 * @param {string} service
 */
export function serviceColour(service) {
  let colour = coloursByService.get(service);
  if (colour === undefined) {
    const index = coloursByService.size;
    const lightness = index < HUES.length ? 52 : 40;
    colour = `hsl(${HUES[index % HUES.length]} 62% ${lightness}%)`;
    coloursByService.set(service, colour);
  }
  return colour;
}
