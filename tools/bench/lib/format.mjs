// Number formatting and markdown tables for the printed report.

/** `1234.5` → `1,235` (digits after the point on request). */
export function num(value, digits = 0) {
  if (value === undefined || value === null || !Number.isFinite(value)) return '–';
  // Avoid "-0.0" for tiny negative figures (e.g. heap retained after GC).
  if (Math.abs(value) < 0.5 * 10 ** -digits) value = 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A `summarize()` result as `median (min–max)`; with one run just the value. */
export function spread(summary, digits = 0, suffix = '') {
  if (!summary) return '–';
  const median = `${num(summary.median, digits)}${suffix}`;
  if (summary.n < 2) return median;
  return `${median} (${num(summary.min, digits)}–${num(summary.max, digits)})`;
}

/** A ratio summary as `0.12× (0.10–0.14)`. */
export function ratio(summary, digits = 2) {
  return spread(summary, digits, '×');
}

/** Markdown table from a header row and body rows (arrays of cells). */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const MB = 1024 * 1024;
