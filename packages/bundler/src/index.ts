export * from './bundleLambda.js';
export * from './collectAssets.js';
export * from './deterministicZip.js';
