import type { EncoderOptions } from './encoder-options.js';
import { V04Encoder } from './encoder-v04.js';
import { V05Encoder } from './encoder-v05.js';
import type { TraceEncoder } from './span-record.js';

export type AgentProtocolVersion = '0.4' | '0.5';

/** The encoder for `DD_TRACE_AGENT_PROTOCOL_VERSION` (already validated by the config). */
export function createEncoder(version: AgentProtocolVersion, options: EncoderOptions = {}): TraceEncoder {
  if (version === '0.4') return new V04Encoder(options);
  if (version === '0.5') return new V05Encoder(options);
  throw new TypeError(`version must be '0.4' or '0.5', got ${JSON.stringify(version)}`);
}
