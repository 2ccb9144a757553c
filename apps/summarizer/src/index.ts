// The summarizer as plain functions, for tests, benchmarks and tools. The Lambda entry is `handler.ts`.

// The adapter lives in @energy/aws-clients (the alerter uses it too); re-exported for the
// summarizer's users (api tests, fleet bench).
export { SummaryTable } from '@energy/aws-clients/summary-table';
export * from './environment.js';
export * from './runSummarizer.js';
