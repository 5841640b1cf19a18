// Bundles the integration suites for the extension host: test/integration/runner.ts and every
// test/integration/*.test.ts -> .work/itest/*.js (CommonJS). `vscode` is provided by the host and
// `mocha` is required at run time from node_modules (mocha does not bundle cleanly).
// usage: node test/integration/build.mjs
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outdir = path.join(root, '.work', 'itest');

const suites = fs.readdirSync(here).filter((f) => f.endsWith('.test.ts'));
fs.rmSync(outdir, { recursive: true, force: true }); // no stale bundles of deleted suites

await esbuild.build({
  entryPoints: [path.join(here, 'runner.ts'), ...suites.map((f) => path.join(here, f))],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`bundled runner + ${suites.length} suite(s) into ${path.relative(root, outdir)}/`);
