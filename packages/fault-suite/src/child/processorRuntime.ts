// Entry of the child process that hosts the processor: the built zip in LocalLambda workers
// behind the SQS event source, exactly as `make stack` runs it. It lives in its own process
// so the suite can SIGKILL it mid-batch while the emulator (the parent's child) survives.
// Input: FAULT_SUITE_RUNTIME, the JSON of a RuntimeSpec. Output: the functions' log lines on
// stdout, then `READY` once polling.
import { createStackClients, startLocalRuntime } from '@energy/local-stack';
import { SUITE_SETTINGS } from '../constants.js';
import type { RuntimeSpec } from '../types.js';

const spec = JSON.parse(process.env.FAULT_SUITE_RUNTIME ?? '{}') as RuntimeSpec;
const clients = createStackClients(spec.stack.endpoint, spec.stack.region);
const runtime = await startLocalRuntime(
  { ...spec.stack, clients },
  {
    api: false,
    generator: false,
    waitTimeSeconds: SUITE_SETTINGS.runtimeWaitTimeSeconds,
    logLevel: 'INFO',
    output: process.stdout,
  },
);
process.stdout.write('READY\n');
process.on('SIGTERM', () => {
  void runtime.stop().then(() => {
    clients.destroy();
    process.exit(0);
  });
});
