// The alerter as plain functions and adapters, for tests, benchmarks and tools. The Lambda entry is `handler.ts`.
export * from './AlerterStore.js';
export * from './AlertTopic.js';
export * from './environment.js';
export * from './ReadingSamples.js';
export * from './runAlerter.js';
