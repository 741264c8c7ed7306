/**
 * The OpenTelemetry API values this package uses on every request, each read once. The API's
 * CommonJS build defines its exports as getters on an object V8 keeps in dictionary mode, so a
 * bundle made for `require` that reads `context` or `SpanKind` where it uses them pays a generic
 * property load plus a getter call (~150 instructions) each time; core does the same
 * (`internal/otel-api.ts` there). All three are the API's singletons or constants.
 */
import { SpanKind as ApiSpanKind, context as apiContext, trace as apiTrace } from '@opentelemetry/api';

export const context = apiContext;
export const trace = apiTrace;
export const SpanKind = ApiSpanKind;
export type SpanKind = ApiSpanKind;
