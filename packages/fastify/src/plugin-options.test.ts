import type { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { toCoreOptions } from './plugin-options.js';
import { linkReply } from './raw-request-slots.js';

type RawPredicate = (path: string, raw: IncomingMessage) => boolean;
type RawHook = (span: Span, raw: IncomingMessage, res: unknown) => void;

function linkedRaw(): { raw: IncomingMessage; reply: FastifyReply } {
  const raw = { headers: {} } as IncomingMessage;
  const reply = { request: { url: '/from-fastify' } } as unknown as FastifyReply;
  linkReply(raw, reply);
  return { raw, reply };
}

describe('toCoreOptions', () => {
  it('passes options without callbacks through untouched and asks for no link', () => {
    const options = { service: 'x', ignore: ['/health', /^\/internal/], headers: ['x-id'] };
    expect(toCoreOptions(options)).toEqual({ options, needsReplyLink: false });
    expect(toCoreOptions(undefined)).toEqual({ options: undefined, needsReplyLink: false });
  });

  it('leaves a value that is not an object for core to reject', () => {
    expect(toCoreOptions(42)).toEqual({ options: 42, needsReplyLink: false });
    expect(toCoreOptions([1])).toEqual({ options: [1], needsReplyLink: false });
  });

  it('calls ignore predicates with the Fastify request of the raw one', () => {
    const seen: unknown[] = [];
    const predicate = (_path: string, request: unknown): boolean => {
      seen.push(request);
      return true;
    };
    const adapted = toCoreOptions({ ignore: ['/health', predicate] });
    expect(adapted.needsReplyLink).toBe(true);
    const [path, wrapped] = (adapted.options as { ignore: [string, RawPredicate] }).ignore;
    expect(path).toBe('/health');
    const { raw, reply } = linkedRaw();
    expect(wrapped('/x', raw)).toBe(true);
    expect(seen).toEqual([reply.request]);
  });

  it('traces a request it cannot link rather than guess', () => {
    const adapted = toCoreOptions({ ignore: () => true });
    expect((adapted.options as { ignore: RawPredicate }).ignore('/x', { headers: {} } as IncomingMessage)).toBe(false);
  });

  it('calls hooks.request with the Fastify request and reply', () => {
    const calls: unknown[][] = [];
    const adapted = toCoreOptions({ hooks: { request: (...args: unknown[]) => calls.push(args) } });
    expect(adapted.needsReplyLink).toBe(true);
    const { raw, reply } = linkedRaw();
    const span = {} as Span;
    (adapted.options as { hooks: { request: RawHook } }).hooks.request(span, raw, {});
    expect(calls).toEqual([[span, reply.request, reply]]);
  });

  it('keeps a bad callback value as given, so core names the option', () => {
    const options = { ignore: [42], hooks: { request: 'nope' } };
    expect(toCoreOptions(options)).toEqual({ options, needsReplyLink: false });
  });
});
