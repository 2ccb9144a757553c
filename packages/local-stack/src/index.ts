export * from './clients.js';
export * from './constants.js';
export * from './errors.js';
export * from './moto.js';
export * from './provision.js';
export * from './settings.js';
export * from './startLocalStack.js';
