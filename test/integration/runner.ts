// Mocha entry point loaded by VS Code's extension host (`extensionTestsPath`): the same module serves
// code-server (scripts/editor-test.sh) and desktop VS Code (test/integration/electron.ts).
// test/integration/build.mjs bundles every test/integration/*.test.ts next to this file (.work/itest/).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * The suites, in run order: `<name>` is test/integration/<name>.test.ts. Add new suites here.
 * smoke runs first: it checks that opening a Markdown file is what activates the extension.
 */
export const SUITES = ['smoke', 'editor', 'language', 'commands', 'factcheck', 'teams', 'typing'];

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 20_000,
    // GEO_TEST_GREP=pattern runs only the matching tests (passed through by scripts/editor-test.sh).
    ...(process.env.GEO_TEST_GREP ? { grep: process.env.GEO_TEST_GREP } : {}),
  });

  const built = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => f.slice(0, -'.test.js'.length));
  const unlisted = built.filter((name) => !SUITES.includes(name));
  const missing = SUITES.filter((name) => !built.includes(name));

  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      console.log('0 passed, 1 failed');
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    if (unlisted.length || missing.length) {
      fail(
        new Error(
          `test/integration/runner.ts SUITES is out of date: ` +
            [
              unlisted.length ? `not listed: ${unlisted.join(', ')}` : '',
              missing.length ? `listed but not built: ${missing.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
        ),
      );
      return;
    }
    for (const name of SUITES) mocha.addFile(path.join(__dirname, `${name}.test.js`));
    try {
      const runner = mocha.run((failures) => {
        console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      fail(err); // a suite threw while loading
    }
  });
}
