export * from './acceptsGzip.js';
export * from './loadDashboard.js';
export * from './manifest.js';
export * from './routes.js';
