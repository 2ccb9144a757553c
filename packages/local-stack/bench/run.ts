// Benchmarks of the local stack: emulator start and provisioning, DynamoDB writes on moto
// (BatchWriteItem in 25-item batches against PutItem, the baseline), and the time from
// `make demo` to the first stored reading. Writes docs/benchmarks.md (section local-stack).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { freePort, machineStamp, median, writeBenchSection } from '@energy/bench-kit';
import { resourceNames } from '@energy/config';
import { createStackClients, mergeSettings, provision, REPOSITORY_ROOT, startMoto } from '../src/index.js';
import { batchWriteAll } from './batchWrite.js';

process.removeAllListeners('warning');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 5_000);
const DEMO_RUNS = Number(process.env.BENCH_DEMO_RUNS ?? 3);

const item = (i: number) => ({
  site_id: { S: `site${i % 50}` },
  timestamp: { S: new Date(Date.UTC(2025, 0, 1) + i * 1_000).toISOString().replace('.000Z', 'Z') },
  energy_generated_kwh: { N: '42.1234' },
  energy_consumed_kwh: { N: '12.5' },
  net_energy_kwh: { N: '29.6234' },
  anomaly: { BOOL: false },
});

async function emulatorBench() {
  const startMs: number[] = [];
  const provisionMs: number[] = [];
  let put = 0;
  let batch = 0;
  let batchConcurrent = 0;
  for (let run = 0; run < 3; run++) {
    let t = performance.now();
    const moto = await startMoto();
    startMs.push(performance.now() - t);
    const clients = createStackClients(moto.endpoint, 'us-east-1');
    const names = resourceNames('energy-bench');
    t = performance.now();
    await provision(clients, names, mergeSettings());
    provisionMs.push(performance.now() - t);
    if (run === 0) {
      // Baseline: one PutItem per item, one client, sequential.
      const putItems = Math.min(ITEMS, 1_000);
      t = performance.now();
      for (let i = 0; i < putItems; i++) {
        await clients.dynamodb.send(new PutItemCommand({ TableName: names.readingsTable, Item: item(i) }));
      }
      put = putItems / ((performance.now() - t) / 1_000);
      // BatchWriteItem, 25 items per call, one client, sequential.
      t = performance.now();
      await batchWriteAll(clients.dynamodb, names.readingsTable, ITEMS, (i) => item(100_000 + i));
      batch = ITEMS / ((performance.now() - t) / 1_000);
      // BatchWriteItem, 25 items per call, 4 calls in flight (as 4 concurrent processor invocations would).
      t = performance.now();
      await batchWriteAll(clients.dynamodb, names.readingsTable, ITEMS, (i) => item(200_000 + i), 4);
      batchConcurrent = ITEMS / ((performance.now() - t) / 1_000);
    }
    clients.destroy();
    await moto.stop();
  }
  return { startMs: median(startMs), provisionMs: median(provisionMs), put, batch, batchConcurrent };
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Runs `make demo` as a terminal would (own process group, Ctrl-C to the group); seconds to the first stored reading. */
async function demoRun(): Promise<{ total: number; cli: number; portsFreed: boolean }> {
  const emulatorPort = await freePort();
  const apiPort = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'energy-bench-demo-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMULATOR_PORT: String(emulatorPort),
    PORT: String(apiPort),
    LOCAL_STACK_STATE_DIR: stateDir,
    PROGRESS_SECONDS: '1',
  };
  delete env.AWS_ENDPOINT_URL;
  delete env.MAKEFLAGS;
  delete env.MAKELEVEL;
  const started = performance.now();
  const child = spawn('make', ['-s', 'demo'], {
    cwd: REPOSITORY_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const result = await new Promise<{ total: number; cli: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no stored reading after 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /first reading stored ([\d.]+) s after start/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ total: (performance.now() - started) / 1_000, cli: Number(match[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`make demo exited (${code}) early:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-(child.pid ?? 0), 'SIGINT');
  await exited;
  const portsFreed = !(await listening(emulatorPort)) && !(await listening(apiPort));
  rmSync(stateDir, { recursive: true, force: true });
  return { ...result, portsFreed };
}

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');

const stamp = machineStamp({ withLoad: true });
const emulator = await emulatorBench();
console.log('emulator', emulator);
const zips = ['generator', 'processor', 'api'].every((fn) =>
  existsSync(join(REPOSITORY_ROOT, 'apps', fn, 'dist', `${fn}.zip`)),
);
const demo: { total: number; cli: number; portsFreed: boolean }[] = [];
if (zips) {
  for (let run = 0; run < DEMO_RUNS; run++) {
    demo.push(await demoRun());
    console.log('demo run', demo.at(-1));
  }
}

const lines = [
  '## Local stack (moto emulator, local Lambda runtime)',
  '',
  `Measured ${new Date().toISOString()} on ${stamp}.`,
  'Command: `pnpm --filter @energy/local-stack bench` (part of `make bench`)',
  '',
  '| measurement | result |',
  '| --- | --- |',
  `| moto_server start until it answers (median of 3) | ${fmt(emulator.startMs)} ms |`,
  `| provisioning every resource (median of 3) | ${fmt(emulator.provisionMs)} ms |`,
  `| PutItem, one item per call, one client (baseline) | ${fmt(emulator.put)} items/s |`,
  `| BatchWriteItem, 25-item batches, one client, sequential | ${fmt(emulator.batch)} items/s (${(emulator.batch / emulator.put).toFixed(1)}× PutItem) |`,
  `| BatchWriteItem, 25-item batches, 4 calls in flight | ${fmt(emulator.batchConcurrent)} items/s (${(emulator.batchConcurrent / emulator.put).toFixed(1)}× PutItem) |`,
];
if (demo.length > 0) {
  lines.push(
    `| \`make demo\` → first stored reading, everything installed and built (median of ${demo.length}) | ${median(demo.map((run) => run.total)).toFixed(1)} s |`,
    `| of which inside the CLI (emulator, provisioning, cold starts, the 5 s batching window) | ${median(demo.map((run) => run.cli)).toFixed(1)} s |`,
    `| ports free after Ctrl-C | ${demo.every((run) => run.portsFreed) ? 'yes, every run' : 'NO'} |`,
  );
} else {
  lines.push('| `make demo` → first stored reading | not measured: build the zips first (`make build`) |');
}
lines.push(
  '',
  `${fmt(ITEMS)} items of the readings table's shape per BatchWriteItem run (1,000 for PutItem). moto never`,
  'returns `UnprocessedItems` or throttles, so these numbers bound the local emulator, not DynamoDB.',
  "The first stored reading waits for the processor's 5 s batching window (`STACK_SETTINGS.processor.maximumBatchingWindowSeconds`), as on AWS.",
);
writeBenchSection('local-stack', lines.join('\n'));
console.log(lines.join('\n'));
