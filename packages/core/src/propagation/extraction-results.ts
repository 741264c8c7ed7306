import { createContextKey } from '../internal/otel-api.js';
import type { Context, Link } from '@opentelemetry/api';

const LINKS_KEY = createContextKey('@dd-otel/core extracted span links');
const SAMPLING_PRIORITY_KEY = createContextKey('@dd-otel/core extracted sampling-only priority');

/**
 * Span links found while extracting (contexts of other traces in the same headers, spec §6.1:
 * `reason: terminated_context`). The tracer adds them to the span it starts from this context.
 */
export function getExtractedLinks(context: Context): Link[] {
  const links = context.getValue(LINKS_KEY);
  return Array.isArray(links) ? [...(links as Link[])] : [];
}

export function setExtractedLinks(context: Context, links: readonly Link[]): Context {
  return links.length === 0 ? context.deleteValue(LINKS_KEY) : context.setValue(LINKS_KEY, links);
}

/**
 * A sampling decision received without ids (B3 `b3: 1|0|d`, or `x-b3-sampled` alone): the next
 * root span starts a fresh trace with this priority.
 */
export function getExtractedSamplingPriority(context: Context): number | undefined {
  const priority = context.getValue(SAMPLING_PRIORITY_KEY);
  return typeof priority === 'number' ? priority : undefined;
}

export function setExtractedSamplingPriority(context: Context, priority: number | undefined): Context {
  return priority === undefined
    ? context.deleteValue(SAMPLING_PRIORITY_KEY)
    : context.setValue(SAMPLING_PRIORITY_KEY, priority);
}
