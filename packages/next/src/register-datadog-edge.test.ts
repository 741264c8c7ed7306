import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDatadog as registerFromEdgeEntry } from './edge.js';
import { registerDatadog } from './register-datadog.js';
import { getRegisteredTracerProvider as registeredTracerProvider } from '@dd-otel/core';
import { nextTracingState } from './shared-state.js';

describe('registerDatadog in the Edge runtime', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is a no-op: no provider, no processor', async () => {
    vi.stubEnv('NEXT_RUNTIME', 'edge');
    await expect(registerDatadog({ service: 'shop' })).resolves.toBeUndefined();
    expect(registeredTracerProvider()).toBeUndefined();
    expect(nextTracingState().processor).toBeUndefined();
  });

  it('the edge entry never registers anything either, but still validates options', async () => {
    await expect(registerFromEdgeEntry({ service: 'shop' })).resolves.toBeUndefined();
    expect(registeredTracerProvider()).toBeUndefined();
    await expect(registerFromEdgeEntry({ operationName: 'x' as never })).rejects.toThrow(TypeError);
    await expect(registerFromEdgeEntry({ clientIpHeader: 'not a header' })).rejects.toThrow(/"clientIpHeader"/);
    await expect(registerFromEdgeEntry({ resourceRenamingEnabled: 'yes' as never })).rejects.toThrow(/"resourceRenamingEnabled"/);
  });
});
