// Bundles the extension and the CLI. Type-checking is separate (`npm run typecheck`).
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: watch ? 'info' : 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // The YAML parser is needed only when a team adds a glossary file (src/core/glossary.ts
    // requires it at first use): it ships as dist/yaml.js beside the bundle, not inside it.
    external: ['vscode', './yaml.js'],
    alias: { yaml: './yaml.js' },
  },
  {
    ...common,
    stdin: { contents: "module.exports = require('yaml');", resolveDir: '.', sourcefile: 'yaml-entry.js' },
    outfile: 'dist/yaml.js',
  },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Parse the bundled glossary once: activation then loads JSON instead of YAML.
  execFileSync(process.execPath, ['dist/cli.js', 'glossary', 'compile', 'dist/glossary.json'], {
    stdio: 'inherit',
  });
  // And precompile its matcher (dist/glossary-bundled.matcher.bin): activation then loads the
  // trie of the glossary's names instead of building it.
  const precompile = await esbuild.build({
    ...common,
    minify: false,
    sourcemap: false,
    write: false,
    stdin: {
      contents: "require('./src/node/files').precompileBundledMatcher('dist/glossary-bundled.json');",
      resolveDir: '.',
      sourcefile: 'precompile-matcher.js',
    },
    outfile: 'precompile-matcher.js',
  });
  execFileSync(process.execPath, ['-'], {
    input: precompile.outputFiles[0].text,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
}
