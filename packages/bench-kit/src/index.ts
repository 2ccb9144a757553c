export * from './benchReport.js';
export * from './freePort.js';
