// The summarizer as plain functions, for tests, benchmarks and tools. The Lambda entry is `handler.ts`.
export * from './environment.js';
export * from './runSummarizer.js';
export * from './SummaryTable.js';
