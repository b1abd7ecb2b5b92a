// A sandboxed preload cannot require local files, so it ships as one bundle with only
// `electron` left external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/preload/index.ts'],
  outfile: 'dist/preload/index.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});
