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

/**
 * The `vscode` module, wrapped once. Each `import * as vscode from 'vscode'` of a module that
 * stays external becomes its own copy of the API object (esbuild's __toESM defines a getter per
 * property: some 200 properties in each of the modules that import it, at load); the modules
 * import this one ES module instead, which re-exports the API once.
 * @type {import('esbuild').Plugin}
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';" }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // The YAML parser is needed only when a team adds a glossary file (src/core/glossary.ts
    // requires it at first use): it ships as dist/yaml.js beside the bundle, not inside it.
    external: ['./yaml.js'],
    alias: { yaml: './yaml.js' },
    plugins: [vscodeOnce],
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
