// Alternative runner for machines that can download desktop VS Code (needs network access to
// update.code.visualstudio.com, and a display or xvfb-run on Linux). Runs the same mocha suites
// (test/integration/runner.ts) as scripts/editor-test.sh does through code-server.
// usage: npx tsx test/integration/electron.ts        (VSCODE_VERSION=1.100.3 to pin a version)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join('test', 'integration', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-annotator-electron-'));
  const workspace = path.join(tmp, 'ws');
  const userData = path.join(tmp, 'user-data');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.copyFileSync(
    path.join(root, 'test', 'fixtures', 'settings.json'),
    path.join(userData, 'User', 'settings.json'),
  );

  try {
    const code = await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, '.work', 'itest', 'runner.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
      ],
    });
    process.exitCode = code;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
