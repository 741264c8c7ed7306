import { describe, expect, it } from 'vitest';
import { parseRateByService } from './agent-response.js';

describe('parseRateByService', () => {
  it('returns the rates of an Agent answer', () => {
    expect(parseRateByService('{"rate_by_service":{"service:,env:":1,"service:web,env:prod":0.25}}')).toEqual({
      'service:,env:': 1,
      'service:web,env:prod': 0.25,
    });
  });

  it('keeps only rates between 0 and 1', () => {
    expect(parseRateByService('{"rate_by_service":{"a":0,"b":"0.5","c":2,"d":-1,"e":null,"f":0.5}}')).toEqual({ a: 0, f: 0.5 });
  });

  it.each(['', 'OK', 'OK\n', '{}', '{"rate_by_service":null}', '{"rate_by_service":[1]}', '{"rate_by_service":', 'null'])(
    'returns undefined for %j',
    (body) => {
      expect(parseRateByService(body)).toBeUndefined();
    },
  );
});
