import { randomUUID } from 'node:crypto';

/** Identifies this process to Datadog (`runtime-id` tag); one value for the process lifetime. */
export const RUNTIME_ID: string = randomUUID();
