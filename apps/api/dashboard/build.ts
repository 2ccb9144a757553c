// Builds the dashboard into dist/dashboard; the api's build script runs it before bundling.
import { buildDashboard } from './build/buildDashboard.js';

const started = performance.now();
const manifest = await buildDashboard({ sourceDir: 'dashboard', outDir: 'dist/dashboard' });
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = manifest.assets.map(
  (asset) => `${asset.file} ${kib(asset.bytes)} (gzip ${kib(asset.gzipBytes)})`,
);
console.log(`dashboard: ${sizes.join(', ')} in ${Math.round(performance.now() - started)} ms`);
