import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** AWS services told apart by the SigV4 credential scope of a request. */
type AwsService = 's3' | 'sqs' | 'sns' | 'dynamodb';

/** A pass-through proxy in front of the emulator that can make one service unreachable. */
export type FaultProxy = {
  /** Endpoint to give the clients under test (`http://127.0.0.1:<port>`). */
  endpoint: string;
  /** Requests to `service` get their connection cut (as when the service is unreachable). */
  fail: (service: AwsService) => void;
  /** Requests to `service` pass again. */
  heal: (service: AwsService) => void;
  /** Requests cut so far, per service. */
  cut: Record<string, number>;
  /** Closes the proxy. */
  stop: () => Promise<void>;
};

// `Credential=<key>/<date>/<region>/<service>/aws4_request` in the Authorization header.
const SCOPE = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

function serviceOf(req: IncomingMessage): string | undefined {
  return SCOPE.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * Starts the proxy on 127.0.0.1 and a free port. Every request is forwarded to `target`
 * unchanged (the emulator does not check signatures, so the changed Host is fine) unless
 * its service is failing: then the socket is destroyed, which the SDK sees as a network
 * error (retried, then thrown), like a service that cannot be reached.
 *
 * @example
 * const proxy = await startFaultProxy(stack.endpoint);
 * proxy.fail('dynamodb');
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const failing = new Set<string>();
  const cut: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const service = serviceOf(req);
    if (service && failing.has(service)) {
      cut[service] = (cut[service] ?? 0) + 1;
      req.socket.destroy();
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  // Idle keep-alive sockets would hold close() open.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    fail: (service) => {
      failing.add(service);
    },
    heal: (service) => {
      failing.delete(service);
    },
    cut,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
