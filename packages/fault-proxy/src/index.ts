export * from './FaultProxy.js';
export * from './types.js';
