import type { PropagationBehaviorExtract } from './options.js';
import { parseOneOf } from './parse.js';

export const PROPAGATION_BEHAVIORS_EXTRACT: readonly PropagationBehaviorExtract[] = ['continue', 'restart', 'ignore'];

export const DEFAULT_PROPAGATION_BEHAVIOR_EXTRACT: PropagationBehaviorExtract = 'continue';

/**
 * `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`: trimmed and case-insensitive, like the other enum
 * variables (dd-trace-js compares exactly, but `Restart` meaning anything other than restart would
 * only surprise). A typo gets a "did you mean", since the fallback (`continue`) silently joins the
 * very traces a `restart` or `ignore` was meant to keep out.
 */
export const parsePropagationBehaviorExtract = parseOneOf(PROPAGATION_BEHAVIORS_EXTRACT);
