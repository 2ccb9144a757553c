export * from './alertLedger.js';
export * from './constants.js';
export * from './costReport.js';
export * from './floorProcessor.js';
export * from './probe.js';
export * from './simulation.js';
