import { describe, expect, it } from 'vitest';
import { describeRequestError, isControlFlowError } from './request-error-details.js';

describe('describeRequestError', () => {
  it('reads an Error', () => {
    const error = new RangeError('out of range');
    expect(describeRequestError(error)).toEqual({
      type: 'RangeError',
      message: 'out of range',
      stack: error.stack,
      digest: undefined,
    });
  });

  it('adds the digest when React redacted the message', () => {
    const error = Object.assign(
      new Error(
        'An error occurred in the Server Components render. The specific message is omitted in production builds to avoid leaking sensitive details.',
      ),
      { digest: '2476693663' },
    );
    const details = describeRequestError(error);
    expect(details.digest).toBe('2476693663');
    expect(details.message).toMatch(/omitted in production builds.*\(digest: 2476693663\)$/);
  });

  it('keeps a real message untouched even when there is a digest', () => {
    expect(describeRequestError(Object.assign(new Error('db down'), { digest: '42' })).message).toBe('db down');
  });

  it('uses the digest when there is no message at all', () => {
    expect(describeRequestError({ digest: '7' }).message).toBe('digest: 7');
  });

  it('describes thrown non-Error values (the Pages Router passes them through)', () => {
    expect(describeRequestError('plain string')).toEqual({ type: 'Error', message: 'plain string', stack: undefined, digest: undefined });
    expect(describeRequestError(undefined).message).toBeUndefined();
    class CustomFailure {
      readonly message = 'custom';
    }
    expect(describeRequestError(new CustomFailure())).toMatchObject({ type: 'CustomFailure', message: 'custom' });
  });

  it('survives throwing getters', () => {
    const hostile = {
      get message(): string {
        throw new Error('no');
      },
      get name(): string {
        throw new Error('no');
      },
    };
    expect(describeRequestError(hostile)).toMatchObject({ type: 'Error', message: undefined });
  });
});

describe('isControlFlowError', () => {
  it.each(['NEXT_REDIRECT;replace;/login;307;', 'NEXT_HTTP_ERROR_FALLBACK;404', 'DYNAMIC_SERVER_USAGE'])(
    'recognises %s',
    (digest) => {
      expect(isControlFlowError(describeRequestError(Object.assign(new Error('x'), { digest })))).toBe(true);
    },
  );

  it('does not treat application errors as control flow', () => {
    expect(isControlFlowError(describeRequestError(Object.assign(new Error('x'), { digest: '12345' })))).toBe(false);
    expect(isControlFlowError(describeRequestError(new Error('NEXT_REDIRECT')))).toBe(false);
  });
});
