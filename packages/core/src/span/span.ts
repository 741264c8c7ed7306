import { SpanStatusCode } from '../internal/otel-api.js';
import type {
  Attributes,
  AttributeValue,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import { logger } from '../internal/diag.js';
import {
  MAX_ATTRIBUTES_PER_SPAN,
  MAX_EVENTS_PER_SPAN,
  MAX_LINKS_PER_SPAN,
  adoptableAttributeCount,
  copiedAttributes,
  copyValidAttributes,
  isValidAttributeKey,
  sanitizeAttributeValue,
  safeGet,
  sanitizeAttributes,
  startAttributesCopy,
} from './attributes.js';
import { describeException, exceptionEventAttributes } from './exception.js';
import { toSafeString } from './safe-string.js';
import type { LocalTrace } from './local-trace.js';
import { DatadogSpanContext } from './span-context.js';
import type { FinishedSpanData, SpanErrorData, SpanEventData } from './span-data.js';
import { isTimeInput, nowMs, toEpochMs } from './time.js';
import { copyLink } from './links.js';
import { generatedId, hexToWord, idToHex, low64Hex, nextSpanId } from './ids.js';
import { isManualSamplingKey, MANUAL_DROP_KEY, MANUAL_KEEP_KEY, SAMPLING_PRIORITY_KEY } from '../sampling/manual-sampling.js';

const NO_EVENTS: readonly SpanEventData[] = Object.freeze([]);
const NO_LINKS: readonly Link[] = Object.freeze([]);
/** `Object.prototype.hasOwnProperty`, looked up once. */
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * dd-otel's own OTel `Span`: plain fields, no SDK machinery. Every mutator is a no-op after
 * `end()`, and nothing the app passes can throw out of it. Ids are kept as 32-bit halves (see
 * ids.ts); their hex forms are built only when asked for.
 */
export class DatadogSpan implements Span, FinishedSpanData {
  name: string;
  readonly kind: SpanKind;
  readonly trace: LocalTrace;
  readonly spanIdHigh: number;
  readonly spanIdLow: number;
  /** 0:0 for a local root without a remote parent. */
  readonly parentIdHigh: number;
  readonly parentIdLow: number;
  /** First span of this trace in this process (no local parent). */
  readonly isLocalRoot: boolean;
  readonly startMs: number;
  /** Set when `end()` starts (before the `onEnding` processors run, as in the OTel SDK). */
  endMs = 0;
  ended = false;
  /** Replaced once by the start attributes' own copy (`setAttributes` on an empty span). */
  attributes: Attributes = {};
  events: readonly SpanEventData[] = NO_EVENTS;
  links: readonly Link[] = NO_LINKS;
  statusCode: SpanStatusCode = SpanStatusCode.UNSET;
  statusMessage: string | undefined = undefined;
  error: SpanErrorData | undefined = undefined;
  readonly instrumentationScope: { readonly name: string; readonly version?: string };
  private attributeCount = 0;
  /** Built on first request; also holds the hex span id. */
  private context: DatadogSpanContext | undefined = undefined;

  /**
   * `localParent` is the parent span when it lives in this process; a local root's remote
   * parent, if any, is its trace's `remoteParentSpanId`. The pipeline is the trace's.
   */
  constructor(
    trace: LocalTrace,
    instrumentationScope: { readonly name: string; readonly version?: string },
    name: string,
    kind: SpanKind,
    startMs: number,
    localParent: DatadogSpan | undefined,
  ) {
    this.trace = trace;
    this.instrumentationScope = instrumentationScope;
    this.name = name;
    this.kind = kind;
    this.startMs = startMs;
    nextSpanId();
    this.spanIdHigh = generatedId.high;
    this.spanIdLow = generatedId.low;
    if (localParent !== undefined) {
      this.parentIdHigh = localParent.spanIdHigh;
      this.parentIdLow = localParent.spanIdLow;
      this.isLocalRoot = false;
    } else {
      this.isLocalRoot = true;
      const remoteParentIdHex = trace.remoteParentSpanId;
      if (remoteParentIdHex === undefined) {
        this.parentIdHigh = 0;
        this.parentIdLow = 0;
      } else {
        const low64 = low64Hex(remoteParentIdHex);
        this.parentIdHigh = hexToWord(low64, 0);
        this.parentIdLow = hexToWord(low64, 8);
      }
    }
  }

  /** 16 lower-hex chars. */
  get spanIdHex(): string {
    return this.spanContext().spanId;
  }

  /** 16 hex chars, or undefined for a root. */
  get parentSpanIdHex(): string | undefined {
    if (!this.isLocalRoot) return idToHex(this.parentIdHigh, this.parentIdLow);
    return this.trace.remoteParentSpanId;
  }

  /** The local root continues a trace from another process. */
  get hasRemoteParent(): boolean {
    return this.isLocalRoot && this.trace.remoteParentSpanId !== undefined;
  }

  spanContext(): SpanContext {
    return (this.context ??= new DatadogSpanContext(this.trace, idToHex(this.spanIdHigh, this.spanIdLow)));
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.ended || !isValidAttributeKey(key)) return this;
    if (isManualSamplingKey(key)) this.trace.pipeline.applyManualSampling(this.trace, key, value);
    const safe = sanitizeAttributeValue(value);
    if (safe === undefined) {
      logger.debug(`dropped invalid value of attribute ${JSON.stringify(key)}`);
      return this;
    }
    if (!hasOwn.call(this.attributes, key)) {
      if (this.attributeCount >= MAX_ATTRIBUTES_PER_SPAN) return this;
      this.attributeCount++;
    }
    this.attributes[key] = safe;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (this.ended || attributes === null || typeof attributes !== 'object') return this;
    try {
      // Unrolled in the order keep, drop, priority (a later one wins): iterating a Set of the
      // keys cost an iterator and three look-ups through it on every call.
      if (hasOwn.call(attributes, MANUAL_KEEP_KEY)) this.applyManualSampling(attributes, MANUAL_KEEP_KEY);
      if (hasOwn.call(attributes, MANUAL_DROP_KEY)) this.applyManualSampling(attributes, MANUAL_DROP_KEY);
      if (hasOwn.call(attributes, SAMPLING_PRIORITY_KEY)) this.applyManualSampling(attributes, SAMPLING_PRIORITY_KEY);
    } catch {
      return this; // a revoked proxy or a throwing trap: nothing can be read from it
    }
    if (this.attributeCount === 0) {
      const copy = startAttributesCopy(attributes);
      if (copy !== undefined) {
        this.attributes = copy;
        this.attributeCount = copiedAttributes.count;
        return this;
      }
    }
    this.attributeCount = copyValidAttributes(this.attributes, attributes, this.attributeCount);
    return this;
  }

  /**
   * Makes `attributes`, built for this span alone (`DatadogTracer.startSpanWithOwnAttributes`),
   * its own uncopied: checked as a copy is unless the builder vouches for `validCount` entries.
   */
  adoptAttributes(attributes: Attributes, validCount?: number): this {
    const count = this.ended || this.attributeCount !== 0 ? undefined : (validCount ?? adoptableAttributeCount(attributes));
    if (count === undefined) return this.setAttributes(attributes);
    this.attributes = attributes;
    this.attributeCount = count;
    return this;
  }

  /**
   * The attributes object for core to write `count` new valid entries into (counted now), or
   * undefined when the span takes no more and `setAttribute` decides (final-attributes.ts).
   */
  attributesForNewEntries(count: number): Attributes | undefined {
    if (this.ended || this.attributeCount + count > MAX_ATTRIBUTES_PER_SPAN) return undefined;
    this.attributeCount += count;
    return this.attributes;
  }

  private applyManualSampling(attributes: Attributes, key: string): void {
    this.trace.pipeline.applyManualSampling(this.trace, key, safeGet(attributes, key));
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    let attributes: Attributes | undefined;
    let when: TimeInput | undefined = time;
    if (isTimeInput(attributesOrTime)) when = attributesOrTime;
    else attributes = sanitizeAttributes(attributesOrTime);
    this.pushEvent(toSafeString(name), attributes, when);
    return this;
  }

  addLink(link: Link): this {
    if (this.ended || this.links.length >= MAX_LINKS_PER_SPAN) return this;
    const copy = copyLink(link);
    if (copy === undefined) return this;
    this.links = this.links === NO_LINKS ? [copy] : [...this.links, copy];
    return this;
  }

  addLinks(links: Link[]): this {
    try {
      if (Array.isArray(links)) for (const link of links) this.addLink(link);
    } catch {
      // An array that cannot be read (revoked proxy, throwing element): keep the links added so far.
    }
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.ended || status === null || typeof status !== 'object') return this;
    // Read once, guarded: the app's object may have throwing getters.
    const code = safeGet(status, 'code');
    // OK is final (OTel contract); UNSET never overrides anything.
    if (this.statusCode === SpanStatusCode.OK || code === SpanStatusCode.UNSET) return this;
    if (code === SpanStatusCode.OK) {
      this.statusCode = SpanStatusCode.OK;
      this.statusMessage = undefined;
      return this;
    }
    if (code !== SpanStatusCode.ERROR) return this;
    const rawMessage = safeGet(status, 'message');
    const message = typeof rawMessage === 'string' ? rawMessage : undefined;
    this.statusCode = SpanStatusCode.ERROR;
    this.statusMessage = message;
    const error = this.ensureError();
    error.flagged = true;
    // Deliberately keeps a recorded exception's message when the status has none
    // (dd-trace-js would drop it, losing the most useful part of the error).
    if (message !== undefined) error.message = message;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended && typeof name === 'string') this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.endMs !== 0) {
      if (this.ended) logger.warn(`end() called more than once on span "${this.name}"; only the first call counts`);
      return;
    }
    const end = endTime === undefined ? nowMs() : toEpochMs(endTime) ?? nowMs();
    // A set `endMs` marks the span as ending: never 0, even for a span timed at the epoch itself
    // (the smallest double writes the same 0 ns).
    this.endMs = end < this.startMs ? this.startMs : end > 0 ? end : Number.MIN_VALUE;
    const pipeline = this.trace.pipeline;
    pipeline.onEnding(this);
    this.ended = true;
    pipeline.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  /**
   * Records an exception as an OTel `exception` event and as Datadog's `error.type`,
   * `error.message` and `error.stack`. Like dd-trace-js it does not flag the span by itself: a
   * caught-and-handled exception is not a failed operation; `setStatus(ERROR)` is. The second
   * argument may be a time or, as in Datadog's Python API, extra event attributes.
   */
  recordException(exception: Exception, timeOrAttributes?: TimeInput | Attributes): void {
    if (this.ended) return;
    const details = describeException(exception);
    const error = this.ensureError();
    error.type = details.type;
    error.message = details.message;
    error.stack = details.stack;
    const attributes = exceptionEventAttributes(details);
    let when: TimeInput | undefined;
    if (isTimeInput(timeOrAttributes)) when = timeOrAttributes;
    else if (timeOrAttributes !== undefined) copyValidAttributes(attributes, timeOrAttributes, 0);
    this.pushEvent('exception', attributes, when);
  }

  private pushEvent(name: string, attributes: Attributes | undefined, time: TimeInput | undefined): void {
    if (this.events.length >= MAX_EVENTS_PER_SPAN) return;
    const event: SpanEventData = { name, timeMs: toEpochMs(time) ?? nowMs(), attributes };
    if (this.events === NO_EVENTS) this.events = [event];
    else (this.events as SpanEventData[]).push(event);
  }

  private ensureError(): SpanErrorData {
    return (this.error ??= { type: undefined, message: undefined, stack: undefined, flagged: false });
  }
}
