import { describe, expect, it } from 'vitest';
import { allowedMethodsLookup } from '../../src/http/allowedMethods.js';

const handler = () => undefined;

describe('Function: allowedMethodsLookup', () => {
  const allowed = allowedMethodsLookup([
    { basePath: '/', path: '*', method: 'ALL', handler },
    { basePath: '/', path: '/health', method: 'GET', handler },
    { basePath: '/', path: '/v1/sites/:site_id/readings', method: 'GET', handler },
    { basePath: '/', path: '/assets/*', method: 'GET', handler },
    { basePath: '/', path: '/items', method: 'POST', handler },
  ]);

  it.each([
    ['/health', ['GET', 'HEAD']],
    ['/v1/sites/site1/readings', ['GET', 'HEAD']],
    ['/assets/app-1234.js', ['GET', 'HEAD']],
    ['/items', ['POST']],
    ['/nope', []],
    ['/v1/sites/site1', []],
  ])('%s accepts %j', (path, methods) => {
    // Act & Assess: middleware (ALL) never makes a path exist.
    expect(allowed(path)).toStrictEqual(methods);
  });
});
