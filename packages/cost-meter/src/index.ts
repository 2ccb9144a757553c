export * from './constants.js';
export * from './costMeter.js';
export * from './dynamodbCapacity.js';
export * from './itemSize.js';
export * from './prices.js';
export * from './stackTables.js';
