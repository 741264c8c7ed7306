/**
 * @dd-otel/demo-guide-snippets: the OTel API guide's snippets, shared by the demo apps.
 * @module
 */
export { createGuideSnippets, GUIDE_ACTIVE_SPAN_TAGS } from './guide-snippets.js';
export type { GuideSnippets, GuideSnippetsOptions, GuideSpanNames, GuideTagName } from './guide-snippets.js';
export { addGuideEvents } from './span-events.js';
export type { GuideEventsOptions } from './span-events.js';
export { recordExceptionWithAttributes, recordHandledFailure } from './recorded-exceptions.js';
