import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchLayer, patternTemplate, templateFromValues } from './layer-match.js';
import type { ExpressLayer } from './express-types.js';
import { joinTemplates } from './route-template.js';
import { VERSION } from './version.js';

describe('templateFromValues', () => {
  it('puts the parameter names back, left to right', () => {
    expect(templateFromValues('/users/42/posts/42', [['id', '42'], ['postId', '42']])).toBe('/users/:id/posts/:postId');
    expect(templateFromValues('/files/a/b', [[0, 'a/b']])).toBe('/files/*');
    expect(templateFromValues('/files/a/b', [['splat', ['a', 'b']]])).toBe('/files/*splat');
    expect(templateFromValues('/u/j%20d', [['name', 'j d']])).toBe('/u/:name');
    expect(templateFromValues('/opt', [['missing', undefined]])).toBe('/opt');
  });
});

describe('patternTemplate and joinTemplates', () => {
  it('renders RegExps in parentheses and joins pieces without doubled or lone slashes', () => {
    expect(patternTemplate(/^\/v\d+/i)).toBe('(/^\\/v\\d+/i)');
    expect(joinTemplates(['/api/', '/users', '/'])).toBe('/api/users');
    expect(joinTemplates(['', '/'])).toBe('/');
    expect(joinTemplates(['/app', '(/^\\/x$/)'])).toBe('/app(/^\\/x$/)');
  });
});

describe('matchLayer', () => {
  it('does not touch router < 2.3 or Express 4 layers (their match() stores state on the layer)', () => {
    const layer: ExpressLayer = {
      handle: {},
      regexp: /^\/users\/(?:([^/]+?))\/?(?=\/|$)/i,
      keys: [{ name: 'id' }],
      match: () => {
        throw new Error('must not be called');
      },
    };
    expect(matchLayer(layer, '/users/42/posts', false)).toEqual({ consumed: 9, template: '/users/:id' });
    expect(matchLayer(layer, '/other', false)).toBeUndefined();
  });

  it('uses the pattern router 2.3 reports', () => {
    const layer: ExpressLayer = {
      handle: {},
      rawPath: ['/a/:x', '/b/:y'],
      match: (path: string) => (path.startsWith('/b/') ? { path: path.slice(0, 4), params: { y: '1' }, pattern: '/b/:y' } : false),
    };
    expect(matchLayer(layer, '/b/1/rest', false)).toEqual({ consumed: 4, template: '/b/:y' });
  });

  it('survives a matcher that throws (bad URI encoding)', () => {
    const layer: ExpressLayer = {
      handle: {},
      matchers: [
        () => {
          throw new URIError('URI malformed');
        },
      ],
    };
    expect(matchLayer(layer, '/%E0%A4%A', false)).toBeUndefined();
  });
});

it('VERSION matches package.json', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(VERSION).toBe(manifest.version);
});
