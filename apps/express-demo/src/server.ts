import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { DemoAppOptions } from './app.js';

export interface RunningDemo {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Starts the demo app on 127.0.0.1 (`port: 0` picks a free port). */
export function start(options: { port?: number; host?: string } & DemoAppOptions = {}): Promise<RunningDemo> {
  const app = createApp(options);
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (error?: Error) => {
      if (error) return reject(error);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Every demo scenario, in order; what `npm run demo` sends. */
export const DEMO_PATHS = ['/hello', '/users/42', '/work', '/error', '/async-error', '/bad-request', '/nowhere/12345', '/chain'] as const;

/** Requests every scenario once and returns the statuses. */
export async function exercise(url: string): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  for (const path of DEMO_PATHS) {
    const response = await fetch(`${url}${path}`, { headers: { 'x-request-id': `demo${path.replace(/\//g, '-')}` } });
    await response.text();
    statuses[path] = response.status;
  }
  return statuses;
}
