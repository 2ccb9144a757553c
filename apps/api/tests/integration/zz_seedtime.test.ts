import { startLocalStack } from '@energy/local-stack';
import { it } from 'vitest';
import { seedFleet } from '../helpers/fleet.js';

it('times', async () => {
  const stack = await startLocalStack();
  for (const [sites, days, files] of [
    [10_000, 1, 1],
    [100, 31, 288],
  ] as const) {
    const t = performance.now();
    await seedFleet(stack.clients.documentClient, stack.names.summaryTable, {
      sites,
      lastDay: '2025-03-31',
      days,
      filesPerDay: files,
    });
    console.log(sites, days, files, (performance.now() - t) / 1000);
  }
  await stack.stop();
}, 600_000);
