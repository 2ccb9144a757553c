import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FaultProxyStats, Toxic } from './types.js';

// Request heads longer than this are forwarded unparsed (no AWS SDK request comes close).
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

type Installed = { id: number; toxic: Toxic; seen: number; hits: number };

type ResponseFate = 'pass' | 'reset' | 'stall';

/**
 * A fault-injecting TCP proxy on 127.0.0.1, like toxiproxy: bytes pass through unchanged,
 * except for the requests a {@link Toxic} selects. It reads just enough HTTP/1.1 (request
 * heads and `content-length`) to tell requests apart on a keep-alive connection, so a toxic
 * can target one service or operation (`match` on the head: the SigV4 credential scope,
 * DynamoDB's `x-amz-target`) and every n-th call, deterministically.
 *
 * @example
 * const proxy = await FaultProxy.start('http://127.0.0.1:4566');
 * proxy.add({ kind: 'reset', when: 'after', match: FaultProxy.service('sns'), every: 3 });
 * // give the functions proxy.endpoint as AWS_ENDPOINT_URL ...
 * await proxy.stop();
 */
export class FaultProxy {
  /** `http://127.0.0.1:<port>`, the endpoint to give the clients under test. */
  public readonly endpoint: string;
  /** Counters since the start. */
  public readonly stats: FaultProxyStats = {
    connections: 0,
    requests: 0,
    delayed: 0,
    resetBefore: 0,
    resetAfter: 0,
    stalled: 0,
  };

  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #toxics: Installed[] = [];
  #nextId = 1;

  private constructor(server: Server, endpoint: string) {
    this.#server = server;
    this.endpoint = endpoint;
  }

  /** Starts a proxy to `target` (`http://host:port`) on 127.0.0.1 and a free port. */
  public static async start(target: string): Promise<FaultProxy> {
    const upstream = new URL(target);
    let proxy: FaultProxy | undefined;
    const server = createServer((client) => proxy?.accept(client, upstream.hostname, Number(upstream.port)));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** A `match` for the requests of one AWS service, by the SigV4 credential scope (`sns`, `dynamodb`...). */
  public static service(name: string): RegExp {
    return new RegExp(`Credential=[^/]+/\\d{8}/[^/]+/${name}/aws4_request`);
  }

  /** A `match` for one DynamoDB operation (`PutItem`, `BatchWriteItem`...), by its `x-amz-target` header. */
  public static dynamodbOperation(operation: string): RegExp {
    return new RegExp(`x-amz-target: ?DynamoDB_\\d+\\.${operation}\\r\\n`, 'i');
  }

  /**
   * A `match` for the first attempt of an AWS SDK call only (the SDK numbers its attempts in
   * `amz-sdk-request`), so a fault hits each call once and its retry gets through.
   */
  public static readonly firstAttempt: RegExp = /\r\namz-sdk-request: *attempt=1;/i;

  /** Installs a toxic; returns its id for {@link FaultProxy.remove}. */
  public add(toxic: Toxic): number {
    const id = this.#nextId++;
    this.#toxics.push({ id, toxic, seen: 0, hits: 0 });
    return id;
  }

  /** Removes one toxic. */
  public remove(id: number): void {
    const index = this.#toxics.findIndex((installed) => installed.id === id);
    if (index >= 0) this.#toxics.splice(index, 1);
  }

  /** Removes every toxic: the proxy passes everything again. */
  public clear(): void {
    this.#toxics.length = 0;
  }

  /** How many requests a toxic has hit. */
  public hits(id: number): number {
    return this.#toxics.find((installed) => installed.id === id)?.hits ?? 0;
  }

  /** Closes the proxy and every connection through it. */
  public async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The first toxic that selects this request, counting it as seen by every toxic it matches. */
  #select(head: string): Toxic | undefined {
    let chosen: Toxic | undefined;
    for (const installed of this.#toxics) {
      const { toxic } = installed;
      const patterns = toxic.match === undefined ? [] : [toxic.match].flat();
      if (!patterns.every((pattern) => pattern.test(head))) continue;
      const index = installed.seen++;
      if (chosen) continue;
      const offset = toxic.offset ?? 0;
      const every = toxic.every ?? 1;
      if (index < offset || (index - offset) % every !== 0) continue;
      if (toxic.limit !== undefined && installed.hits >= toxic.limit) continue;
      installed.hits++;
      chosen = toxic;
    }
    return chosen;
  }

  private accept(client: Socket, host: string, port: number): void {
    this.stats.connections++;
    const upstream = connect({ host, port });
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    const connected = new Promise<void>((resolve) => upstream.once('connect', () => resolve()));
    let chain: Promise<void> = connected;
    let pending = Buffer.alloc(0);
    let bodyLeft = 0;
    let parsing = true;
    let upstreamStalled = false;
    let fate: ResponseFate = 'pass';

    const forward = (bytes: Buffer): void => {
      chain = chain.then(() => {
        if (!upstream.destroyed) upstream.write(bytes);
      });
    };
    const resetClient = (): void => {
      client.resetAndDestroy();
      upstream.destroy();
    };

    const onRequest = (headBytes: Buffer): boolean => {
      this.stats.requests++;
      const head = headBytes.toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      bodyLeft = length ? Number(length[1]) : 0;
      // A chunked body has no length up front: pass the rest of the connection unparsed.
      if (/\r\ntransfer-encoding: *chunked/i.test(head)) parsing = false;
      const toxic = this.#select(head);
      fate = 'pass';
      if (toxic?.kind === 'reset' && toxic.when === 'before') {
        this.stats.resetBefore++;
        resetClient();
        return false;
      }
      if (toxic?.kind === 'stall' && toxic.when === 'before') {
        this.stats.stalled++;
        upstreamStalled = true;
        return false;
      }
      if (toxic?.kind === 'latency') {
        this.stats.delayed++;
        const ms = toxic.ms;
        chain = chain.then(() => new Promise((resolve) => setTimeout(resolve, ms)));
      }
      if (toxic?.kind === 'reset') fate = 'reset';
      if (toxic?.kind === 'stall') fate = 'stall';
      forward(headBytes);
      return true;
    };

    client.on('data', (chunk: Buffer) => {
      if (upstreamStalled || client.destroyed) return;
      if (!parsing) {
        forward(chunk);
        return;
      }
      let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      while (data.length > 0) {
        if (bodyLeft > 0) {
          const take = Math.min(bodyLeft, data.length);
          forward(data.subarray(0, take));
          bodyLeft -= take;
          data = data.subarray(take);
          continue;
        }
        if (!parsing) {
          forward(data);
          return;
        }
        const end = data.indexOf(HEAD_END);
        if (end < 0) {
          if (data.length > MAX_HEAD_BYTES) {
            parsing = false;
            forward(data);
          } else pending = Buffer.from(data);
          return;
        }
        if (!onRequest(data.subarray(0, end + HEAD_END.length))) return;
        data = data.subarray(end + HEAD_END.length);
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (fate === 'reset') {
        this.stats.resetAfter++;
        resetClient();
        return;
      }
      if (fate === 'stall') {
        // Counted once per request, on its first answering bytes.
        this.stats.stalled++;
        fate = 'pass';
        upstreamStalled = true;
        return;
      }
      if (upstreamStalled) return;
      client.write(chunk);
    });

    const close = (): void => {
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    // A side that ends is half-closed on the other, after what was already written to it:
    // destroying at once would cut an answer the upstream sent just before closing.
    client.on('end', () => {
      void chain.then(() => upstream.end());
    });
    upstream.on('end', () => {
      // A stalled client keeps waiting on its open connection.
      if (!upstreamStalled) client.end();
    });
    client.on('close', close);
    upstream.on('close', () => {
      if (!upstreamStalled && client.writableFinished) close();
    });
  }
}
