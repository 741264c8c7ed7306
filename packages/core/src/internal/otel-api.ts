/**
 * The values core uses from `@opentelemetry/api`, each read once, here. Core imports them from
 * this module, never from the API directly (types still come from the API).
 *
 * Why: the API's CommonJS build defines every export as a getter, on an exports object that V8
 * keeps in dictionary mode (it has too many properties defined that way). A bundle made for
 * `require` reads an imported binding as a property of that object each time it is used, so
 * `ROOT_CONTEXT` or `SpanKind.SERVER` on the request path cost a generic property load plus a
 * getter call, ~150 instructions each, about ten of them a request. Read once, each is a plain
 * variable. All of these are constants or the API's singletons, so nothing is lost by reading
 * them early. (An ESM build reads live bindings, which are fast anyway.)
 */
import {
  DiagConsoleLogger as ApiDiagConsoleLogger,
  DiagLogLevel as ApiDiagLogLevel,
  ProxyTracerProvider as ApiProxyTracerProvider,
  ROOT_CONTEXT as API_ROOT_CONTEXT,
  SpanKind as ApiSpanKind,
  SpanStatusCode as ApiSpanStatusCode,
  TraceFlags as ApiTraceFlags,
  baggageEntryMetadataFromString as apiBaggageEntryMetadataFromString,
  context as apiContext,
  createContextKey as apiCreateContextKey,
  defaultTextMapGetter as apiDefaultTextMapGetter,
  diag as apiDiag,
  isSpanContextValid as apiIsSpanContextValid,
  propagation as apiPropagation,
  trace as apiTrace,
} from '@opentelemetry/api';

export const ROOT_CONTEXT = API_ROOT_CONTEXT;
export const context = apiContext;
export const trace = apiTrace;
export const propagation = apiPropagation;
export const diag = apiDiag;
export const createContextKey = apiCreateContextKey;
export const defaultTextMapGetter = apiDefaultTextMapGetter;
export const isSpanContextValid = apiIsSpanContextValid;
export const baggageEntryMetadataFromString = apiBaggageEntryMetadataFromString;
export const DiagConsoleLogger = ApiDiagConsoleLogger;
export type DiagConsoleLogger = ApiDiagConsoleLogger;
export const ProxyTracerProvider = ApiProxyTracerProvider;
export type ProxyTracerProvider = ApiProxyTracerProvider;

// The API's enums are values and types: both are kept.
export const SpanKind = ApiSpanKind;
export type SpanKind = ApiSpanKind;
export const SpanStatusCode = ApiSpanStatusCode;
export type SpanStatusCode = ApiSpanStatusCode;
export const TraceFlags = ApiTraceFlags;
export type TraceFlags = ApiTraceFlags;
export const DiagLogLevel = ApiDiagLogLevel;
export type DiagLogLevel = ApiDiagLogLevel;
