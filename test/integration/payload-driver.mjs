// Runs the integration suites INSIDE code-server's real (Node) extension host.
// The workbench URL carries a `payload` with extensionDevelopmentPath / extensionTestsPath as
// vscode-remote:// URIs (the mechanism VS Code uses for its own browser integration tests): the
// workbench loads the extension under development, require()s the runner, awaits its run(), and
// then calls window.codeAutomationExit(code). Console output of the host arrives via codeAutomationLog.
//
// usage: node test/integration/payload-driver.mjs
//   env: CS_URL (http://127.0.0.1:PORT), EXT_DIR (extension folder), EXT_TESTS (runner module),
//        WS_DIR (workspace folder), LOG_DIR (where the workbench's logs go), CHROMIUM (browser binary),
//        EXT_TEST_TIMEOUT_MS (default 300000), VERBOSE=1 (echo the browser console)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const { CS_URL, EXT_DIR, EXT_TESTS, WS_DIR } = process.env;
if (!CS_URL || !EXT_DIR || !EXT_TESTS || !WS_DIR) {
  console.error('payload-driver: set CS_URL, EXT_DIR, EXT_TESTS and WS_DIR');
  process.exit(2);
}
const TIMEOUT_MS = Number(process.env.EXT_TEST_TIMEOUT_MS || 300_000);
const LOG_DIR = process.env.LOG_DIR || '';
const SUMMARY = /^\d+ passed, \d+ failed$/;
// Workbench chatter that reaches codeAutomationLog along with the test output.
const NOISE =
  /^(Creating a socket|Resolv|Updating additional|\[Service Worker\]|ChatSessionStore|\[reconnection-grace|\[AgentHost|\[AccountPolicy|Started local extension host|Extension host \(|\[Extension Host\] (Skipping|Loading))/;

const host = new URL(CS_URL).host;
const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
const payload = [
  ['extensionDevelopmentPath', remote(EXT_DIR)],
  ['extensionTestsPath', remote(EXT_TESTS)],
  ['skipWelcome', 'true'],
  ['skipReleaseNotes', 'true'],
];
const url = `${CS_URL}/?folder=${encodeURIComponent(path.resolve(WS_DIR))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const t0 = Date.now();
// The runner's "N passed, N failed" line is held back and printed last (the host logs the rejected
// run() after it when tests fail), so it is always the final line of this driver's output.
let summary = null;
const print = (type, args) => {
  let text = format(...args); // mocha logs printf-style ('%s %d', ...)
  if (NOISE.test(text) || text.includes('ENOTFOUND open-vsx.org')) return; // no marketplace offline: harmless
  const lines = text.split('\n');
  const kept = lines.filter((line) => !(SUMMARY.test(line.trim()) && (summary = line.trim())));
  if (kept.length !== lines.length && kept.length === 0) return;
  text = kept.join('\n');
  (type === 'error' || type === 'warn' ? console.error : console.log)(text);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let code = 1;
try {
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  const page = await browser.newPage();
  await page.exposeFunction('codeAutomationLog', (type, args) =>
    print(type, Array.isArray(args) ? args : [args]),
  );
  await page.exposeFunction('codeAutomationExit', (exitCode, logs) => finish({ exitCode, logs }));
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  page.on('crash', () => finish({ exitCode: 'page crashed' }));
  if (process.env.VERBOSE) page.on('console', (m) => console.error('[browser]', m.type(), m.text()));

  console.log(`opening the workbench with the test payload (${CS_URL})`);
  await page.goto(url);
  // The workbench must come up quickly; the suites then get the whole budget.
  const workbench = page
    .waitForSelector('.monaco-workbench', { timeout: 90_000 })
    .then(() => undefined)
    .catch(() => finish({ exitCode: 'workbench did not load within 90 s' }));
  const timer = setTimeout(() => finish({ exitCode: `timed out after ${TIMEOUT_MS} ms` }), TIMEOUT_MS);
  const { exitCode, logs } = await done;
  clearTimeout(timer);
  void workbench;

  if (LOG_DIR && Array.isArray(logs)) {
    for (const l of logs) {
      const file = path.join(LOG_DIR, l.relativePath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, l.contents);
    }
  }
  if (exitCode !== 0) {
    console.error(`[payload-driver] extension host exit code ${exitCode} after ${Date.now() - t0} ms`);
    if (LOG_DIR)
      console.error(
        `[payload-driver] workbench logs: ${LOG_DIR}; extension host logs: the server's user-data-dir/logs`,
      );
  }
  // Exit code 0 without the runner's summary: the extension host went away before mocha finished
  // (it was unresponsive and lost its connection, or crashed); that is no pass.
  if (exitCode === 0 && summary === null)
    console.error('[payload-driver] the extension host exited without the test runner reporting');
  code = exitCode === 0 && summary !== null ? 0 : 1;
} catch (err) {
  console.error('[payload-driver]', err);
  code = 1;
} finally {
  await browser.close().catch(() => {});
}
// The summary line is the contract: make sure there is one even when mocha never ran.
console.log(summary ?? (code === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed'));
process.exit(code);
