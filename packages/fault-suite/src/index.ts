export * from './cases.js';
export * from './constants.js';
export * from './corpus.js';
export * from './FaultSuite.js';
export * from './reliabilityTable.js';
export type * from './types.js';
