import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeHeaderTag, parseHeaderTag, parseHeaderTagList } from './header-tags.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

describe('parseHeaderTag', () => {
  it('lower-cases the header and keeps the tag after the first colon', () => {
    expect(parseHeaderTag(' X-Request-ID : request.id ')).toEqual({
      ok: true,
      value: { header: 'x-request-id', tag: 'request.id' },
    });
    expect(parseHeaderTag('x-a:tag:with:colons')).toEqual({ ok: true, value: { header: 'x-a', tag: 'tag:with:colons' } });
  });

  it('leaves the tag out when none is given', () => {
    expect(parseHeaderTag('User-Agent')).toEqual({ ok: true, value: { header: 'user-agent' } });
    expect(parseHeaderTag('user-agent:')).toEqual({ ok: true, value: { header: 'user-agent' } });
  });

  it.each(['', ':tag', 'bad header', 'x(y)'])('rejects %j', (entry) => {
    expect(parseHeaderTag(entry).ok).toBe(false);
  });
});

describe('normalizeHeaderTag', () => {
  it('accepts { header, tag? } objects', () => {
    expect(normalizeHeaderTag({ header: 'X-A', tag: ' a ' })).toEqual({ ok: true, value: { header: 'x-a', tag: 'a' } });
    expect(normalizeHeaderTag({ header: 'x-a' })).toEqual({ ok: true, value: { header: 'x-a' } });
  });

  it.each([[null], [42], [['x-a']], [{ tag: 'a' }], [{ header: 'x-a', extra: 1 }]])('rejects %j', (entry) => {
    expect(normalizeHeaderTag(entry).ok).toBe(false);
  });
});

describe('parseHeaderTagList', () => {
  it('parses comma-separated entries', () => {
    expect(parseHeaderTagList('x-request-id:request.id, user-agent')).toEqual({
      ok: true,
      value: [{ header: 'x-request-id', tag: 'request.id' }, { header: 'user-agent' }],
    });
  });
});

describe('header tags resolution', () => {
  it('follows option > DD_TRACE_HEADER_TAGS > none', () => {
    expect(resolveIsolated({}).headerTags).toEqual([]);
    expect(resolveIsolated({ DD_TRACE_HEADER_TAGS: 'x-request-id:request.id,user-agent' }).headerTags).toEqual([
      { header: 'x-request-id', tag: 'request.id' },
      { header: 'user-agent' },
    ]);
    expect(resolveIsolated({ DD_TRACE_HEADER_TAGS: 'user-agent' }, { headerTags: [{ header: 'X-B', tag: 'b' }] }).headerTags).toEqual([
      { header: 'x-b', tag: 'b' },
    ]);
  });

  it('warns once about a bad entry and uses no header tags', () => {
    expect(resolveIsolated({ DD_TRACE_HEADER_TAGS: 'x-ok:ok,bad header:x' }).headerTags).toEqual([]);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/DD_TRACE_HEADER_TAGS=.*not a valid header name/);
  });
});
