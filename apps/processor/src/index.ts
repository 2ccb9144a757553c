// The processor's pipeline as plain functions with injected clients, for tests, benchmarks
// and tools. The Lambda entry is `handler.ts`; importing this file builds no clients.
export * from './clock.js';
export * from './constants.js';
export * from './environment.js';
export * from './errors.js';
export * from './ingest/alertMessage.js';
export * from './ingest/batchWriteReadings.js';
export * from './ingest/conditionalPuts.js';
export * from './ingest/continuation.js';
export * from './ingest/Deadline.js';
export * from './ingest/dedupeReadings.js';
export * from './ingest/FileReport.js';
export * from './ingest/ingestSegments.js';
export * from './ingest/invocation.js';
export * from './ingest/processBatch.js';
export * from './ingest/processMessage.js';
export * from './ingest/processObject.js';
export * from './ingest/quarantine.js';
export * from './ingest/ReadingBudget.js';
export * from './ingest/readObjectText.js';
export * from './ingest/SummaryAggregation.js';
export * from './ingest/sendAlerts.js';
export * from './ingest/WritePipeline.js';
export * from './notification/decodeS3Key.js';
export * from './notification/parseS3Notification.js';
export * from './redrive/redriveDeadLetters.js';
export type * from './types.js';
