import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../src/index.js';

// A real HTTP server behind the proxy counts what reaches it, so each test can tell a
// request that never arrived from one whose answer was lost.

let upstream: Server;
let received: string[] = [];
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.end(`ok ${req.url}`);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await FaultProxy.start(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
});

afterEach(() => {
  proxy.clear();
  received = [];
});

afterAll(async () => {
  await proxy.stop();
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

type Result = { status: number; body: string } | { error: string };

/** One request through the proxy on a keep-alive agent-less connection, with a client timeout. */
function call(path: string, body = '', timeoutMs = 2_000): Promise<Result> {
  return new Promise((resolve) => {
    const url = new URL(path, proxy.endpoint);
    const req = request(url, { method: body ? 'POST' : 'GET', headers: { 'x-test': path } }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(body);
  });
}

describe('Class: FaultProxy', () => {
  it('passes requests and bodies through unchanged when no toxic is installed', async () => {
    // Act
    const result = await call('/a', 'payload');

    // Assess
    expect(result).toStrictEqual({ status: 200, body: 'ok /a' });
    expect(received).toStrictEqual(['POST /a payload']);
  });

  it('resets before the upstream sees the request, for the selected requests only', async () => {
    // Prepare
    const id = proxy.add({ kind: 'reset', when: 'before', match: /x-test: \/cut/ });

    // Act
    const cut = await call('/cut');
    const kept = await call('/kept');

    // Assess
    expect(cut).toStrictEqual({ error: 'ECONNRESET' });
    expect(kept).toStrictEqual({ status: 200, body: 'ok /kept' });
    expect(received).toStrictEqual(['GET /kept ']);
    expect(proxy.hits(id)).toBe(1);
  });

  it('resets after the upstream acted on the request: the answer is lost, the effect is not', async () => {
    // Prepare
    proxy.add({ kind: 'reset', when: 'after' });

    // Act
    const result = await call('/write', 'x');

    // Assess
    expect(result).toStrictEqual({ error: 'ECONNRESET' });
    expect(received).toStrictEqual(['POST /write x']);
  });

  it('stalls: the connection stays open and only the client timeout ends the call', async () => {
    // Prepare
    proxy.add({ kind: 'stall', when: 'before' });
    const before = proxy.stats.stalled;

    // Act
    const result = await call('/hang', '', 300);

    // Assess
    expect(result).toStrictEqual({ error: 'TIMEOUT' });
    expect(received).toStrictEqual([]);
    expect(proxy.stats.stalled).toBe(before + 1);
  });

  it('stalls after the upstream answered: the request had its effect, the answer never comes', async () => {
    // Prepare
    proxy.add({ kind: 'stall', when: 'after' });

    // Act
    const result = await call('/slow', 'y', 300);

    // Assess
    expect(result).toStrictEqual({ error: 'TIMEOUT' });
    expect(received).toStrictEqual(['POST /slow y']);
  });

  it('selects every n-th matching request after an offset, up to a limit', async () => {
    // Prepare
    const id = proxy.add({ kind: 'reset', when: 'before', every: 2, offset: 1, limit: 2 });

    // Act: sequential calls, numbered 0..6.
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const result = await call(`/n${i}`);
      outcomes.push('error' in result ? 'cut' : 'ok');
    }

    // Assess: 1 and 3 are cut; the limit spares 5.
    expect(outcomes).toStrictEqual(['ok', 'cut', 'ok', 'cut', 'ok', 'ok', 'ok']);
    expect(proxy.hits(id)).toBe(2);
  });

  it('delays a request by the latency toxic and still delivers it', async () => {
    // Prepare
    proxy.add({ kind: 'latency', ms: 150 });
    const before = proxy.stats.delayed;

    // Act
    const result = await call('/late', 'z');

    // Assess (no timing asserted: only that it was delayed, arrived and answered)
    expect(result).toStrictEqual({ status: 200, body: 'ok /late' });
    expect(proxy.stats.delayed).toBe(before + 1);
    expect(received).toStrictEqual(['POST /late z']);
  });

  it('tells requests apart on one keep-alive connection', async () => {
    // Prepare: the second of two requests on one socket is cut.
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    proxy.add({ kind: 'reset', when: 'before', match: /GET \/second/ });
    const get = (path: string) =>
      new Promise<string>((resolve) => {
        const req = request(new URL(path, proxy.endpoint), { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        });
        req.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? 'error'));
        req.end();
      });
    const connections = proxy.stats.connections;

    // Act
    const first = await get('/first');
    const second = await get('/second');
    agent.destroy();

    // Assess
    expect([first, second]).toStrictEqual(['200', 'ECONNRESET']);
    expect(proxy.stats.connections).toBe(connections + 1);
  });
});
