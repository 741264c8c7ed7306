export { createApp } from './app.js';
export type { DemoAppOptions } from './app.js';
export { start, exercise, DEMO_PATHS } from './server.js';
export type { RunningDemo } from './server.js';
