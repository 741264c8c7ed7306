import { DEFAULT_QUERY_STRING_OBFUSCATION } from '../config/query-obfuscation.js';
import type { RequestAttributeSettings } from './request-attributes.js';

/** Default request attribute settings for the tests: no client IP, no service, the default query obfuscation. */
export const TEST_ATTRIBUTE_SETTINGS: RequestAttributeSettings = {
  operationName: 'web.request',
  framework: 'web',
  query: new RegExp(DEFAULT_QUERY_STRING_OBFUSCATION, 'gi'),
  clientIpEnabled: false,
  clientIpHeader: undefined,
  service: undefined,
};
