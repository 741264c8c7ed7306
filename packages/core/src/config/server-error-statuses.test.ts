import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServerErrorStatuses } from './server-error-statuses.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

function predicate(raw: string): (status: number) => boolean {
  const result = parseServerErrorStatuses(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('parseServerErrorStatuses', () => {
  it('reads one inclusive range', () => {
    const isError = predicate('500-599');
    expect([499, 500, 550, 599, 600].map(isError)).toEqual([false, true, true, true, false]);
  });

  it('reads codes and ranges mixed, with blanks', () => {
    const isError = predicate(' 403, 500 - 502 ,504');
    expect([403, 404, 500, 501, 502, 503, 504].map(isError)).toEqual([true, false, true, true, true, false, true]);
  });

  it.each(['', '5xx', '500-', '-500', '600-500', '99', '1000', '500-599,abc', '500.5'])('rejects %j', (raw) => {
    expect(parseServerErrorStatuses(raw).ok).toBe(false);
  });
});

describe('isServerErrorStatus resolution', () => {
  it('defaults to 500-599', () => {
    const { isServerErrorStatus } = resolveIsolated({});
    expect([200, 404, 500, 599, 600].map(isServerErrorStatus)).toEqual([false, false, true, true, false]);
  });

  it('follows option > DD_TRACE_HTTP_SERVER_ERROR_STATUSES', () => {
    expect(resolveIsolated({ DD_TRACE_HTTP_SERVER_ERROR_STATUSES: '400-499' }).isServerErrorStatus(404)).toBe(true);
    const config = resolveIsolated({ DD_TRACE_HTTP_SERVER_ERROR_STATUSES: '400-499' }, { httpServerErrorStatuses: '503' });
    expect(config.isServerErrorStatus(404)).toBe(false);
    expect(config.isServerErrorStatus(503)).toBe(true);
  });

  it('warns once about an invalid variable and uses 500-599', () => {
    const { isServerErrorStatus } = resolveIsolated({ DD_TRACE_HTTP_SERVER_ERROR_STATUSES: '500-5xx' });
    expect(isServerErrorStatus(500)).toBe(true);
    expect(isServerErrorStatus(404)).toBe(false);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain('DD_TRACE_HTTP_SERVER_ERROR_STATUSES');
  });
});
