import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { onClientError } from './request-timeout.js';

describe('onClientError', () => {
  it('ignores other client errors and sockets without a response, and never throws', () => {
    const socket = {} as Socket;
    expect(() => onClientError(Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }), socket)).not.toThrow();
    expect(() => onClientError(Object.assign(new Error('late'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket)).not.toThrow();
    expect(() => onClientError(null, socket)).not.toThrow();
    expect(() => onClientError(undefined, undefined as unknown as Socket)).not.toThrow();
    const throwing = {
      get _httpMessage(): never {
        throw new Error('hostile');
      },
    } as unknown as Socket;
    expect(() => onClientError({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }, throwing)).not.toThrow();
  });
});
