import { validateHeaderValue } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidHeaderValue } from './external-env.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

const ADMISSION_CONTROLLER_VALUE = 'it-false,cn-web,pu-75a2b6d5-3949-4afb-ad0d-92ff0674e759';

describe('DD_EXTERNAL_ENV', () => {
  it('is kept exactly as set, surrounding blanks and case included', () => {
    expect(resolveIsolated({ DD_EXTERNAL_ENV: ADMISSION_CONTROLLER_VALUE }).externalEnv).toBe(ADMISSION_CONTROLLER_VALUE);
    expect(resolveIsolated({ DD_EXTERNAL_ENV: ' It-False,CN-Web ' }).externalEnv).toBe(' It-False,CN-Web ');
    expect(capture.warnings).toEqual([]);
  });

  it.each(['', '   ', '\t'])('counts a blank value (%j) as unset, silently', (raw) => {
    expect(resolveIsolated({ DD_EXTERNAL_ENV: raw }).externalEnv).toBeUndefined();
    expect(capture.warnings).toEqual([]);
  });

  it.each(['it-false\ncn-web', 'it-false,cn-web\r\n', 'cn-\u0000', 'cn-\u20ac'])(
    'leaves out a value Node cannot send as a header (%j), with one warning naming the variable',
    (raw) => {
      expect(resolveIsolated({ DD_EXTERNAL_ENV: raw }).externalEnv).toBeUndefined();
      expect(capture.warnings).toHaveLength(1);
      expect(capture.warnings[0]).toContain('DD_EXTERNAL_ENV=');
      expect(capture.warnings[0]).toContain('Datadog-External-Env header is not sent');
    },
  );
});

describe('isValidHeaderValue', () => {
  it("agrees with Node's own header value check on every character up to U+0100, and beyond", () => {
    const samples = [...Array.from({ length: 0x101 }, (_, code) => String.fromCharCode(code)), '\u20ac', '\u{1f600}'];
    for (const character of samples) {
      const value = `a${character}b`;
      let nodeAccepts = true;
      try {
        validateHeaderValue('Datadog-External-Env', value);
      } catch {
        nodeAccepts = false;
      }
      expect([character.codePointAt(0), isValidHeaderValue(value)]).toEqual([character.codePointAt(0), nodeAccepts]);
    }
  });
});
