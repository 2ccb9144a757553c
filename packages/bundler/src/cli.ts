import { parseArgs } from 'node:util';
import { bundleLambda } from './bundleLambda.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    entry: { type: 'string', default: 'src/handler.ts' },
    assets: { type: 'string', multiple: true, default: [] },
  },
});
if (!values.name) {
  console.error('usage: energy-bundle --name <function> [--entry src/handler.ts] [--assets <built dir>]...');
  process.exit(2);
}
const started = performance.now();
const result = await bundleLambda({
  name: values.name,
  entry: values.entry,
  cwd: process.cwd(),
  assets: values.assets,
});
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `${values.name}: index.mjs ${kib(result.bundleBytes)}, ${values.name}.zip ${kib(result.zipBytes)}, ` +
    `sha256 ${result.zipSha256.slice(0, 16)}… in ${Math.round(performance.now() - started)} ms`,
);
