export * from './bundleLambda.js';
export * from './deterministicZip.js';
