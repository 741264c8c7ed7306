import { isSpanContextValid } from '../internal/otel-api.js';
import type { Link, SpanContext } from '@opentelemetry/api';
import { LINK_WITHOUT_FLAGS } from '../internal/link-without-flags.js';
import { safeGet, sanitizeAttributes } from './attributes.js';

/** A link is kept only if its context is a valid span context; anything else is ignored. */
export function isValidLink(link: unknown): link is Link {
  return snapshotLinkContext(link) !== undefined;
}

/**
 * Reads a link's context once, into a plain object: the app's object may have throwing getters
 * or be mutated later, and the mapper runs long after `addLink` returned. Undefined when the
 * context is not a valid span context or cannot be read.
 */
export function snapshotLinkContext(link: unknown): SpanContext | undefined {
  if (link === null || typeof link !== 'object') return undefined;
  try {
    const context = (link as Link).context;
    if (context === null || typeof context !== 'object' || !isSpanContextValid(context)) return undefined;
    const snapshot: SpanContext = { traceId: context.traceId, spanId: context.spanId, traceFlags: context.traceFlags };
    if (context.isRemote !== undefined) snapshot.isRemote = context.isRemote;
    if (context.traceState !== undefined) snapshot.traceState = context.traceState;
    // A link dd-otel made from incoming headers keeps its mark (see internal/link-without-flags.ts).
    if (LINK_WITHOUT_FLAGS in context) (snapshot as { [LINK_WITHOUT_FLAGS]?: true })[LINK_WITHOUT_FLAGS] = true;
    return snapshot;
  } catch {
    return undefined;
  }
}

/**
 * What a span keeps of `link`: its context snapshot and its valid attributes, in an object of
 * its own. Undefined when the context is not a valid span context.
 */
export function copyLink(link: Link): Link | undefined {
  const context = snapshotLinkContext(link);
  if (context === undefined) return undefined;
  const copy: Link = { context };
  const attributes = sanitizeAttributes(safeGet(link, 'attributes'));
  if (attributes) copy.attributes = attributes;
  return copy;
}
