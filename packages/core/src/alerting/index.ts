// The alerter's pure domain: observations from contributions, the state machine, its packed
// state, records and messages. The Lambda is apps/alerter.
export * from './constants.js';
export * from './keys.js';
export * from './machine.js';
export * from './messages.js';
export * from './observations.js';
export * from './records.js';
export * from './settings.js';
export * from './simulation.js';
export * from './statePacking.js';
export * from './window.js';
