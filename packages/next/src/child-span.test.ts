import { describe, expect, it } from 'vitest';
import { childOperationName, childResource } from './child-span.js';

describe('childOperationName', () => {
  it.each([
    ['AppRender.getBodyResult', 'next.app_render.get_body_result'],
    ['AppRouteRouteHandlers.runHandler', 'next.app_route_route_handlers.run_handler'],
    ['Node.runHandler', 'next.node.run_handler'],
    ['Render.getServerSideProps', 'next.render.get_server_side_props'],
    ['Render.renderDocument', 'next.render.render_document'],
    ['NextNodeServer.findPageComponents', 'next.node_server.find_page_components'],
    ['NextNodeServer.generateImageRoutes.route', 'next.node_server.generate_image_routes.route'],
    ['ResolveMetadata.generateMetadata', 'next.resolve_metadata.generate_metadata'],
    ['Middleware.execute', 'next.middleware.execute'],
    ['Next.request', 'next.request'],
    ['internalFetch', 'next.internal_fetch'],
    ['apiResolver', 'next.api_resolver'],
    ['HTTPServer.handleURL', 'next.http_server.handle_url'],
    ['...', 'next.span'],
  ])('%s → %s', (spanType, expected) => {
    expect(childOperationName(spanType)).toBe(expected);
  });

  it('returns the same name on every call (cached)', () => {
    expect(childOperationName('RouteModule.prepare')).toBe('next.route_module.prepare');
    expect(childOperationName('RouteModule.prepare')).toBe('next.route_module.prepare');
  });
});

describe('childResource', () => {
  it('keeps the Next span name', () => {
    expect(childResource('render route (app) /blog/[slug]')).toBe('render route (app) /blog/[slug]');
  });

  it('drops a query string that an older Next version put in a name', () => {
    expect(childResource('middleware GET /blog/hello?token=abc')).toBe('middleware GET /blog/hello');
  });
});
