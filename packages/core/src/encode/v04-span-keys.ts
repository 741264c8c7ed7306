import { preEncode } from './pre-encoded.js';

// The fixed parts of a v0.4 span map, keys fused with the bytes around them: one writer call
// each (see pre-encoded.ts). The map has 11 entries, plus `type` when set and `span_events`
// when present.
export const HEAD_WITH_TYPE = [preEncode(0x8c, 'type'), preEncode(0x8d, 'type')] as const;
export const HEAD_WITHOUT_TYPE = [preEncode(0x8b, 'trace_id'), preEncode(0x8c, 'trace_id')] as const;
export const KEY_TRACE_ID = preEncode('trace_id');
export const KEY_SPAN_ID = preEncode('span_id');
export const KEY_PARENT_ID = preEncode('parent_id');
export const KEY_NAME = preEncode('name');
export const KEY_RESOURCE = preEncode('resource');
export const KEY_SERVICE = preEncode('service');
export const ERROR_THEN_KEY_START = [preEncode('error', 0x00, 'start'), preEncode('error', 0x01, 'start')] as const;
export const KEY_DURATION = preEncode('duration');
/** `meta` then an empty map32 header whose count is patched after the entries. */
export const KEY_META_MAP32 = preEncode('meta', 0xdf, 0, 0, 0, 0);
export const KEY_METRICS_MAP32 = preEncode('metrics', 0xdf, 0, 0, 0, 0);
export const KEY_SPAN_EVENTS = preEncode('span_events');
export const MAP32_HEADER_SIZE = 5;
