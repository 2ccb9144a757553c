// Entry of `make stack` and `make demo`: node --import tsx packages/local-stack/src/cli/main.ts <stack|demo>
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../moto.js';
import { parseCliOptions, USAGE, UsageError } from './options.js';
import { type RunningLocalStack, readyMessage, runLocalStack } from './runLocalStack.js';

// The AWS SDK warns once per process that its releases after early 2027 need Node 22; the
// project supports Node 20 until then, and the warning would sit in the middle of the output.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!`${warning.name} ${warning.message}`.includes('NodeVersionSupportWarning')) {
    console.error(`${warning.name}: ${warning.message}`);
  }
});

const print = (line: string) => console.log(line);
const stateDir = process.env.LOCAL_STACK_STATE_DIR || join(REPOSITORY_ROOT, '.local');

let options: ReturnType<typeof parseCliOptions>;
try {
  options = parseCliOptions(process.argv.slice(2), process.env, stateDir);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}

let running: RunningLocalStack | undefined;
let shuttingDown = false;

async function shutdown(reason: string, code: number): Promise<never> {
  if (shuttingDown) {
    // A second Ctrl-C: stop waiting; the exit hook kills the emulator's process group.
    console.error('forced exit');
    process.exit(code || 130);
  }
  shuttingDown = true;
  print(`\n${reason}: stopping (function runs in flight finish first)…`);
  const force = setTimeout(() => {
    console.error('still stopping after 15 s: forcing exit');
    process.exit(code || 1);
  }, 15_000);
  force.unref();
  try {
    await running?.stop();
    print('stopped: emulator, event source, API and schedule are down.');
  } catch (error) {
    console.error(`error while stopping: ${(error as Error).message}`);
    code = code || 1;
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(signal, 0));
}

print(`Starting the local ${options.mode}…`);
try {
  running = await runLocalStack(options, print);
} catch (error) {
  console.error(`\ncould not start: ${(error as Error).message}`);
  await shutdown('start failed', 1);
}
if (running && !shuttingDown) {
  for (const line of readyMessage(running.info, join(stateDir, 'stack.json'))) print(line);
}
