// The processor's pipeline as plain functions with injected clients, for tests, benchmarks
// and tools. The Lambda entry is `handler.ts`; importing this file builds no clients.
export * from './constants.js';
export * from './environment.js';
export * from './errors.js';
export * from './ingest/alertMessage.js';
export * from './ingest/batchGetItems.js';
export * from './ingest/batchWriteReadings.js';
export * from './ingest/conditionalPuts.js';
export * from './ingest/dedupeReadings.js';
export * from './ingest/processMessage.js';
export * from './ingest/processObject.js';
export * from './ingest/quarantine.js';
export * from './ingest/readObjectText.js';
export * from './ingest/refreshHours.js';
export * from './ingest/refreshSummaries.js';
export * from './ingest/sendAlerts.js';
export * from './notification/decodeS3Key.js';
export * from './notification/parseS3Notification.js';
export * from './redrive/redriveDeadLetters.js';
export type * from './types.js';
