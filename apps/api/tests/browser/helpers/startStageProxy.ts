import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy that serves an API under a path prefix, as an API Gateway stage does. */
export type StageProxy = {
  /** `http://127.0.0.1:<port>/<stage>` (no trailing slash). */
  url: string;
  /** Stops listening and closes open connections. */
  close: () => Promise<void>;
};

/**
 * Serves `target` under `/<stage>`: `/<stage>` and `/<stage>/` reach `/`, and
 * `/<stage>/v1/sites` reaches `/v1/sites`, like an HTTP API with a named stage in front
 * of a Lambda that routes from the root. Anything else is 404. Listens on 127.0.0.1.
 *
 * @example
 * const proxy = await startStageProxy('http://127.0.0.1:3000', 'prod');
 * await fetch(`${proxy.url}/v1/sites`);
 */
export async function startStageProxy(target: string, stage: string): Promise<StageProxy> {
  const prefix = `/${stage}`;
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) {
      res.writeHead(404).end();
      return;
    }
    const rest = url.slice(prefix.length);
    const path = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
    const forward = request(
      { hostname: upstream.hostname, port: upstream.port, path, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
