import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromHttpApiResult,
  type HttpApi,
  type HttpApiEvent,
  LocalLambda,
  matchRoute,
  startHttpApi,
  toHttpApiEvent,
} from '../src/index.js';
import { fixtureBundle, HTTP_HANDLER, removeFixtures } from './helpers/fixtures.js';

const context = { accountId: '123456789012', apiId: 'local', routes: ['$default'], stage: '$default' };
const request = (overrides: Partial<Parameters<typeof toHttpApiEvent>[0]> = {}) => ({
  method: 'GET',
  url: '/',
  rawHeaders: ['Host', '127.0.0.1:3000'],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  ...overrides,
});

describe('Function: toHttpApiEvent', () => {
  it('builds a payload 2.0 event: raw and parsed query, lower-cased headers, cookies apart', () => {
    // Act
    const event = toHttpApiEvent(
      request({
        url: '/readings?site_id=site1&tag=a&tag=b&empty=&q=a%20b',
        rawHeaders: [
          'Host',
          '127.0.0.1:3000',
          'X-Thing',
          'one',
          'x-thing',
          'two',
          'Cookie',
          'a=1; b=2',
          'User-Agent',
          'ua',
        ],
      }),
      context,
      new Date(Date.UTC(2025, 1, 16, 21, 30, 43)),
    );

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/readings',
      rawQueryString: 'site_id=site1&tag=a&tag=b&empty=&q=a%20b',
      queryStringParameters: { site_id: 'site1', tag: 'a,b', empty: '', q: 'a b' },
      cookies: ['a=1', 'b=2'],
      headers: { host: '127.0.0.1:3000', 'x-thing': 'one,two', 'user-agent': 'ua' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        http: {
          method: 'GET',
          path: '/readings',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'ua',
        },
        routeKey: '$default',
        stage: '$default',
        time: '16/Feb/2025:21:30:43 +0000',
        timeEpoch: Date.UTC(2025, 1, 16, 21, 30, 43),
      },
    });
    expect(event?.headers.cookie).toBeUndefined();
    expect(event?.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]+=?$/);
    expect(event?.body).toBeUndefined();
    expect(event?.pathParameters).toBeUndefined();
  });

  it('leaves out queryStringParameters and cookies when there are none', () => {
    const event = toHttpApiEvent(request({ url: '/health' }), context);
    expect(event && 'queryStringParameters' in event).toBe(false);
    expect(event && 'cookies' in event).toBe(false);
  });

  it.each([
    ['application/json', Buffer.from('{"a":1}'), '{"a":1}', false],
    ['text/plain; charset=utf-8', Buffer.from('héllo'), 'héllo', false],
    ['application/octet-stream', Buffer.from([0, 255]), Buffer.from([0, 255]).toString('base64'), true],
    ['image/png', Buffer.from('png'), Buffer.from('png').toString('base64'), true],
  ])('passes a %s body (base64 unless text)', (contentType, body, expected, base64) => {
    const event = toHttpApiEvent(
      request({ method: 'POST', rawHeaders: ['Content-Type', contentType], body }),
      context,
    );
    expect(event).toMatchObject({ body: expected, isBase64Encoded: base64 });
  });

  it('fills pathParameters from the matching route and answers no event when none matches', () => {
    const routes = { ...context, routes: ['GET /sites/{site_id}/readings', 'ANY /files/{proxy+}'] };
    expect(toHttpApiEvent(request({ url: '/sites/site%201/readings?x=1' }), routes)).toMatchObject({
      routeKey: 'GET /sites/{site_id}/readings',
      pathParameters: { site_id: 'site 1' },
    });
    expect(toHttpApiEvent(request({ method: 'PUT', url: '/files/a/b.json' }), routes)).toMatchObject({
      pathParameters: { proxy: 'a/b.json' },
    });
    expect(toHttpApiEvent(request({ url: '/other' }), routes)).toBeUndefined();
  });
});

describe('Function: matchRoute', () => {
  it.each([
    ['$default', 'GET', '/anything', {}],
    ['GET /health', 'GET', '/health', {}],
    ['GET /health', 'POST', '/health', undefined],
    ['ANY /{proxy+}', 'DELETE', '/a/b', { proxy: 'a/b' }],
    ['ANY /{proxy+}', 'GET', '/', undefined],
    ['GET /sites/{id}', 'GET', '/sites/x/y', undefined],
  ])('%s with %s %s', (routeKey, method, path, expected) => {
    expect(matchRoute(routeKey, method, path)).toStrictEqual(expected);
  });
});

describe('Function: fromHttpApiResult', () => {
  it('takes a structured result field by field', () => {
    const response = fromHttpApiResult({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'X-Count': 2 },
      multiValueHeaders: { 'X-Multi': ['a', 'b'] },
      cookies: ['a=1', 'b=2'],
      body: 'created',
    });
    expect(response).toStrictEqual({
      statusCode: 201,
      headers: {
        'content-type': 'text/plain',
        'x-count': '2',
        'x-multi': 'a,b',
        'set-cookie': ['a=1', 'b=2'],
      },
      body: Buffer.from('created'),
    });
  });

  it('decodes a base64 body', () => {
    const response = fromHttpApiResult({ statusCode: 200, isBase64Encoded: true, body: 'AAH/' });
    expect([...response.body]).toStrictEqual([0, 1, 255]);
  });

  it.each([
    ['a string', 'plain', 'plain'],
    ['an object without statusCode', { hello: 'world' }, '{"hello":"world"}'],
    ['null', null, 'null'],
  ])('answers 200 JSON for %s', (_name, result, body) => {
    expect(fromHttpApiResult(result)).toStrictEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
    });
  });
});

describe('Function: startHttpApi', () => {
  let fn: LocalLambda;
  let api: HttpApi;

  beforeAll(async () => {
    fn = await LocalLambda.create({
      name: 'energy-local-api',
      bundle: fixtureBundle(HTTP_HANDLER),
      environment: {},
      timeoutSeconds: 5,
      memoryMb: 128,
      region: 'us-east-1',
      accountId: '123456789012',
    });
    api = await startHttpApi({ target: fn, port: 0, accountId: '123456789012' });
  });
  afterAll(async () => {
    await api?.close();
    await fn?.stop();
    removeFixtures();
  });

  it('serves the function on 127.0.0.1 and round-trips a request through the 2.0 event', async () => {
    // Act
    const response = await fetch(`${api.url}/readings?site_id=site1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'session=abc' },
      body: '{"x":1}',
    });
    const event = (await response.json()) as HttpApiEvent;

    // Assess
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
    expect(event).toMatchObject({
      rawPath: '/readings',
      queryStringParameters: { site_id: 'site1' },
      cookies: ['session=abc'],
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/readings' } },
    });
  });

  it('returns status, headers, cookies and binary bodies as the function set them', async () => {
    const cookies = await fetch(`${api.url}/cookies`);
    expect(cookies.status).toBe(201);
    expect(cookies.headers.get('x-one')).toBe('1');
    expect(cookies.headers.getSetCookie()).toStrictEqual(['a=1; Path=/', 'b=2; HttpOnly']);

    const binary = await fetch(`${api.url}/binary`);
    expect([...new Uint8Array(await binary.arrayBuffer())]).toStrictEqual([0, 1, 2, 255]);

    const text = await fetch(`${api.url}/string`);
    expect(text.headers.get('content-type')).toBe('application/json');
    expect(await text.text()).toBe('plain');
  });

  it('answers 500 Internal Server Error when the function throws', async () => {
    const response = await fetch(`${api.url}/throw`);
    expect(response.status).toBe(500);
    expect(await response.json()).toStrictEqual({ message: 'Internal Server Error' });
  });
});
