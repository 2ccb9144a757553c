import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_STACK_DEFAULTS } from './constants.js';
import { EmulatorNotInstalledError, EmulatorStartError } from './errors.js';

/** How to start the emulator. */
export type StartMotoOptions = {
  /** Port to listen on; 0 (the default) lets the OS pick a free one, so suites can run in parallel. */
  port?: number;
  /** Interface to bind; the default, 127.0.0.1, keeps the emulator off the network. */
  host?: string;
  /** File receiving the emulator's output; a new file in the OS temp dir by default. */
  logFile?: string;
  /** `moto_server` executable; default `$MOTO_SERVER` or the repository's `.venv/bin/moto_server`. */
  executable?: string;
  /** Milliseconds to wait for the emulator to answer. */
  startTimeoutMs?: number;
  /**
   * Apply the patches of `tools/python/moto_patched.py`: moto gaps where it answers otherwise
   * than AWS (attributes it drops or formats differently, which stop `terraform apply` and
   * the local stack's idempotent provisioning; IAM conditions it does not evaluate), and one
   * for speed only (DynamoDB Query reads the queried partition, not the whole table, with the
   * same answers). Default: true whenever the executable is moto's Python script.
   */
  patched?: boolean;
};

/** A running emulator started by {@link startMoto}. */
export type MotoServer = {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Port it listens on. */
  port: number;
  /** Process id; also the id of its process group. */
  pid: number;
  /** File holding its output. */
  logFile: string;
  /** Stops it and every process in its group; resolves once it has exited. Safe to call twice. */
  stop: () => Promise<void>;
};

/** Root of the repository (this file lives in packages/local-stack/src). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Directory of `moto_patched.py`, the documented patches of moto's gaps. */
const MOTO_PATCHES_DIR = join(REPOSITORY_ROOT, 'tools', 'python');

/**
 * Path of the `moto_server` to run: `$MOTO_SERVER` when set, else the project venv's.
 * Throws {@link EmulatorNotInstalledError} (telling to run `make venv`) when it does not exist.
 */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.MOTO_SERVER || join(REPOSITORY_ROOT, '.venv', 'bin', 'moto_server');
  if (!existsSync(path)) throw new EmulatorNotInstalledError(path);
  return path;
}

// Runs moto's own entry point under a watchdog thread that exits as soon as the parent
// (this Node process) is gone, even when it was SIGKILLed and could run no cleanup.
const WATCHDOG = [
  'import os, sys, threading, time',
  "parent = int(os.environ['ENERGY_MOTO_PARENT_PID'])",
  'def watch():',
  '    while True:',
  '        time.sleep(0.25)',
  '        if os.getppid() != parent:',
  '            os._exit(0)',
  'threading.Thread(target=watch, daemon=True).start()',
  "if os.environ.get('ENERGY_MOTO_PATCHES'):",
  "    sys.path.insert(0, os.environ['ENERGY_MOTO_PATCHES'])",
  '    import moto_patched',
  '    moto_patched.apply_patches()',
  'from moto.server import main',
  "sys.argv = ['moto_server'] + sys.argv[1:]",
  'sys.exit(main())',
].join('\n');

/** The interpreter named by a script's `#!` line, when it exists. */
function interpreterOf(script: string): string | undefined {
  const firstLine = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  if (!firstLine.startsWith('#!')) return undefined;
  const [interpreter] = firstLine.slice(2).trim().split(/\s+/);
  return interpreter && existsSync(interpreter) ? interpreter : undefined;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every emulator of this process synchronously; runs on `process.exit`. */
function killAllSync(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts `moto_server` on 127.0.0.1 in its own process group, waits until it answers
 * and returns its endpoint. The process dies with this one: `stop()` kills the group,
 * an exit hook kills it on `process.exit`, and a watchdog inside the emulator ends it
 * when this process disappears without cleanup (SIGKILL, crash).
 *
 * @example
 * const moto = await startMoto();
 * // ... use moto.endpoint ...
 * await moto.stop();
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const executable = options.executable ?? findMotoServer();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const timeoutMs = options.startTimeoutMs ?? LOCAL_STACK_DEFAULTS.startTimeoutMs;
  const logFile =
    options.logFile ??
    join(tmpdir(), 'energy-local-stack', `moto-${process.pid}-${Date.now()}-${running.size}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const logFd = openSync(logFile, 'w');

  const interpreter = interpreterOf(executable);
  const patched = options.patched ?? interpreter !== undefined;
  if (patched && !interpreter) {
    throw new EmulatorStartError(
      `patches need a Python moto_server script, ${executable} is not one`,
      logFile,
    );
  }
  const patches = patched ? { ENERGY_MOTO_PATCHES: MOTO_PATCHES_DIR } : {};
  const args = ['-H', host, '-p', String(port)];
  const child = interpreter
    ? spawn(interpreter, ['-u', '-c', WATCHDOG, ...args], {
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: {
          ...process.env,
          PYTHONUNBUFFERED: '1',
          ENERGY_MOTO_PARENT_PID: String(process.pid),
          ...patches,
        },
      })
    : spawn(executable, args, {
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
      });
  closeSync(logFd);
  if (child.pid === undefined) {
    throw new EmulatorStartError(`could not start ${executable}`, logFile);
  }
  running.add(child);
  if (!exitHookInstalled) {
    process.once('exit', killAllSync);
    exitHookInstalled = true;
  }
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), LOCAL_STACK_DEFAULTS.stopGraceMs);
      await exited;
      clearTimeout(timer);
    }
    // Werkzeug may leave nothing behind, but a reloader or helper would share the group.
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
    }
    running.delete(child);
  };

  const deadline = Date.now() + timeoutMs;
  let boundPort: number | undefined;
  try {
    while (boundPort === undefined) {
      if (spawnError)
        throw new EmulatorStartError(`could not start ${executable}`, logFile, { cause: spawnError });
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new EmulatorStartError(
          `moto_server exited (${child.exitCode ?? child.signalCode}) before listening`,
          logFile,
        );
      }
      if (Date.now() > deadline)
        throw new EmulatorStartError(`moto_server not listening after ${timeoutMs} ms`, logFile);
      const match = /Running on https?:\/\/[^\s:]+:(\d+)/.exec(readFileSync(logFile, 'utf8'));
      if (match?.[1]) boundPort = Number(match[1]);
      else await sleep(50);
    }
    const endpoint = `http://${host}:${boundPort}`;
    await waitUntilHealthy(endpoint, Math.max(deadline - Date.now(), 1_000), logFile);
    return { endpoint, port: boundPort, pid: child.pid, logFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Resolves once `endpoint` answers HTTP (any status: moto answers `/` with an S3 listing,
 * LocalStack with its own page); rejects with {@link EmulatorStartError} after `timeoutMs`.
 */
export async function waitUntilHealthy(endpoint: string, timeoutMs: number, logFile?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      lastError = error;
      await sleep(100);
    }
  }
  throw new EmulatorStartError(`${endpoint} did not answer within ${timeoutMs} ms`, logFile, {
    cause: lastError,
  });
}
