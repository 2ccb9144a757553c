export * from './benchReport.js';
