import type { Router } from '../router.js';
import type { TraceStore } from '../trace-store.js';
import { addEventsRoute } from './events-route.js';
import { addStaticRoutes, locateViewerAssets } from './static-routes.js';
import { addViewerApiRoutes } from './viewer-api.js';

/** Everything the browser trace viewer needs: the page at `/`, its assets, its JSON and live events. */
export function addViewerRoutes(router: Router, store: TraceStore, options: { maxTraces: number }): void {
  addStaticRoutes(router, locateViewerAssets());
  addViewerApiRoutes(router, store, options.maxTraces);
  addEventsRoute(router, store);
}
