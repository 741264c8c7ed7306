import type { TraceState } from '@opentelemetry/api';

/** W3C Trace Context limits (https://www.w3.org/TR/trace-context/#tracestate-header). */
const MAX_MEMBERS = 32;
const MAX_HEADER_LENGTH = 512;
const KEY_PATTERN = /^(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})$/;
const VALUE_PATTERN = /^[ -+\--<>-~]{0,255}[!-+\--<>-~]$/;

export function isValidTraceStateKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function isValidTraceStateValue(value: string): boolean {
  return VALUE_PATTERN.test(value) && !value.includes(',') && !value.includes('=');
}

/**
 * Immutable W3C `tracestate`: list members in order, newest first. Our own small implementation
 * of the OTel `TraceState` interface, so core does not load `@opentelemetry/core` (and the
 * semantic-conventions package it pulls in) for this one class.
 */
export class W3CTraceState implements TraceState {
  /** Members in header order. */
  private constructor(private readonly members: ReadonlyArray<readonly [string, string]>) {}

  /** Parses a header value; invalid members are dropped, as the spec asks, never thrown on. */
  static parse(header: string | undefined): W3CTraceState {
    if (!header || header.length > MAX_HEADER_LENGTH * 4) return new W3CTraceState([]);
    const members: Array<readonly [string, string]> = [];
    const seen = new Set<string>();
    for (const raw of header.split(',')) {
      const member = raw.trim();
      const separator = member.indexOf('=');
      if (separator <= 0) continue;
      const key = member.slice(0, separator);
      const value = member.slice(separator + 1);
      if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value) || seen.has(key)) continue;
      seen.add(key);
      members.push([key, value]);
      if (members.length >= MAX_MEMBERS) break;
    }
    return new W3CTraceState(members);
  }

  static empty(): W3CTraceState {
    return new W3CTraceState([]);
  }

  get(key: string): string | undefined {
    for (const [memberKey, value] of this.members) if (memberKey === key) return value;
    return undefined;
  }

  /** Returns a new state with `key` moved to the front; an invalid key or value leaves it unchanged. */
  set(key: string, value: string): W3CTraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    const others = this.members.filter(([memberKey]) => memberKey !== key);
    return new W3CTraceState([[key, value] as const, ...others].slice(0, MAX_MEMBERS));
  }

  unset(key: string): W3CTraceState {
    return new W3CTraceState(this.members.filter(([memberKey]) => memberKey !== key));
  }

  /** Header value; trailing members are dropped until it fits the 512-character limit. */
  serialize(): string {
    let header = '';
    for (const [key, value] of this.members) {
      const member = `${key}=${value}`;
      const next = header === '' ? member : `${header},${member}`;
      if (next.length > MAX_HEADER_LENGTH) break;
      header = next;
    }
    return header;
  }
}
