import { isSpanContextValid } from '@opentelemetry/api';
import type { Link } from '@opentelemetry/api';

/** A link is kept only if its context is a valid span context; anything else is ignored. */
export function isValidLink(link: unknown): link is Link {
  if (link === null || typeof link !== 'object') return false;
  try {
    const context = (link as Link).context;
    return context !== null && typeof context === 'object' && isSpanContextValid(context);
  } catch {
    return false;
  }
}
