import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNodeRuntime } from './runtime.js';

describe('isNodeRuntime', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("is true in Next's Node.js runtime and in plain Node", () => {
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    expect(isNodeRuntime()).toBe(true);
    vi.stubEnv('NEXT_RUNTIME', undefined);
    expect(isNodeRuntime()).toBe(true);
  });

  it('is false in the Edge runtime', () => {
    vi.stubEnv('NEXT_RUNTIME', 'edge');
    expect(isNodeRuntime()).toBe(false);
  });
});
