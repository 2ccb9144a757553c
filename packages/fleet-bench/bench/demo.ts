// Does `make demo SITES=10000 RATE_SECONDS=60` keep up (issue 9 item 8)? Runs the demo's CLI
// (what `make demo` runs once installed and built) bounded in time on free ports, follows each
// tick file from written to processed (the CLI prints one line per processed tick), and writes
// the figures to its section of docs/benchmarks.md.
// Run: pnpm --filter @energy/fleet-bench bench:demo  (DEMO_SITES=10000 DEMO_RATE_SECONDS=60 DEMO_SECONDS=300)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount, freePort, median, stampedSection, writeBenchSection } from '@energy/bench-kit';
import { REPOSITORY_ROOT } from '@energy/local-stack';

const SITES = Number(process.env.DEMO_SITES ?? 10_000);
const RATE_SECONDS = Number(process.env.DEMO_RATE_SECONDS ?? 60);
const RUN_SECONDS = Number(process.env.DEMO_SECONDS ?? 300);
const log = (line: string) => console.log(`[bench:demo] ${line}`);

type Tick = {
  key: string;
  readings: number;
  lag: number;
  rate: number;
  generator: number;
  invocation: number;
};
const TICK_LINE =
  /^tick (\S+): ([\d,]+) readings processed ([\d.]+) s after written \(([\d,]+) readings\/s; generator ([\d.]+) s; invocation ([\d.]+) s;/;

const stateDir = mkdtempSync(join(tmpdir(), 'energy-fleet-demo-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SITES: String(SITES),
  RATE_SECONDS: String(RATE_SECONDS),
  EMULATOR_PORT: String(await freePort()),
  PORT: String(await freePort()),
  LOCAL_STACK_STATE_DIR: stateDir,
};
delete env.AWS_ENDPOINT_URL;
log(`demo with ${SITES} sites every ${RATE_SECONDS} s for ${RUN_SECONDS} s (state in ${stateDir})`);
const child = spawn('node', ['--import', 'tsx', 'packages/local-stack/src/cli/main.ts', 'demo'], {
  cwd: REPOSITORY_ROOT,
  env,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
const ticks: Tick[] = [];
let timeouts = 0;
let lastProgress = '';
let buffer = '';
const onData = (chunk: Buffer) => {
  buffer += chunk.toString();
  const lines = buffer.split('\n');
  buffer = lines.pop() ?? '';
  for (const line of lines) {
    const match = TICK_LINE.exec(line);
    if (match) {
      const number = (text: string | undefined) => Number((text ?? '0').replace(/,/g, ''));
      ticks.push({
        key: match[1] ?? '',
        readings: number(match[2]),
        lag: number(match[3]),
        rate: number(match[4]),
        generator: number(match[5]),
        invocation: number(match[6]),
      });
      log(line);
    } else if (line.includes('Task timed out')) {
      timeouts++;
      log(line);
    } else if (line.startsWith('[')) lastProgress = line;
  }
};
child.stdout?.on('data', onData);
child.stderr?.on('data', onData);
const exited = new Promise((resolve) => child.once('exit', resolve));
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, RUN_SECONDS * 1_000))]);
process.kill(-(child.pid ?? 0), 'SIGINT');
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);

// Ticks written, from the generator's log lines ("tick written", with key and count).
const functionsLog = join(stateDir, 'logs', 'functions.log');
const written = existsSync(functionsLog)
  ? readFileSync(functionsLog, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"tick written"'))
      .map((line) => JSON.parse(line) as { key: string; count: number })
  : [];
rmSync(stateDir, { recursive: true, force: true });

const keptUp =
  ticks.length > 0 && ticks.every((tick) => tick.lag <= RATE_SECONDS) && ticks.length >= written.length - 1;
const rows = ticks.map(
  (tick, i) =>
    `| ${i + 1} | ${formatCount(tick.readings)} | ${tick.generator.toFixed(1)} s | ${tick.lag.toFixed(1)} s | ${formatCount(tick.rate)} | ${tick.invocation.toFixed(1)} s | ${tick.lag <= RATE_SECONDS ? 'yes' : 'no'} |`,
);
const body = [
  `\`make demo SITES=${SITES} RATE_SECONDS=${RATE_SECONDS}\` for ${RUN_SECONDS} s: ${written.length} tick files written, ${ticks.length} processed, ` +
    `${timeouts} processor invocations timed out. **${keptUp ? 'Keeps up' : 'Does not keep up'}**: ` +
    `${keptUp ? 'every tick was processed before the next one arrived' : 'ticks were not all processed within the rate'}.`,
  '',
  '| tick | readings | generator run | written → processed | readings/s | processor invocation | within the rate |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...(rows.length > 0 ? rows : ['| – | – | – | none processed | – | – | no |']),
  '',
  ticks.length > 0
    ? `Median lag ${median(ticks.map((tick) => tick.lag)).toFixed(1)} s against a ${RATE_SECONDS} s rate; median ${formatCount(median(ticks.map((tick) => tick.rate)))} readings/s.`
    : 'No tick was processed.',
  `Last progress line: \`${lastProgress}\``,
  '',
  'Written → processed: from the generator run returning (file in S3) to the processor batch that held the',
  'file acknowledged, as the demo CLI prints it (`packages/local-stack/src/cli/tickLatency.ts`). It includes the event',
  "source's 5 s batching window. Where a tick's time goes, request by request, at the same fleet size:",
  '[docs/cost.md](cost.md), section "Where the pipeline\'s time goes on moto".',
].join('\n');
const section = stampedSection(
  `Fleet demo: ${formatCount(SITES)} sites every ${RATE_SECONDS} s`,
  `\`DEMO_SITES=${SITES} DEMO_RATE_SECONDS=${RATE_SECONDS} DEMO_SECONDS=${RUN_SECONDS} pnpm --filter @energy/fleet-bench bench:demo\` (the CLI of \`make demo\`, on free ports)`,
  body,
);
writeBenchSection('fleet-demo', section);
log(keptUp ? 'keeps up' : 'does not keep up');
