// The generator as plain functions, for tests, benchmarks and tools. The Lambda entry is `handler.ts`.
export * from './environment.js';
export * from './runTick.js';
export * from './simulation/simulateTick.js';
export * from './simulation/tickFile.js';
export * from './writeTickFile.js';
