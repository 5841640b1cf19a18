// UI tests: drive code-server's real workbench (with the packaged extension installed) through
// Debian's Chromium and playwright-core. Started by scripts/editor-test.sh.
//
// usage: node test/ui/ui.test.mjs
//   env: CS_URL (http://127.0.0.1:PORT), WS_DIR (workspace folder), SHOTS_DIR (screenshots),
//        CHROMIUM (browser binary), UI_GREP (run only tests whose name matches), VERBOSE=1
//
// Add a test with `test(name, async ({ page }) => { ... })` below; tests run in order on one page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const { CS_URL, WS_DIR } = process.env;
if (!CS_URL || !WS_DIR) {
  console.error('ui.test: set CS_URL and WS_DIR');
  process.exit(2);
}
const SHOTS_DIR = process.env.SHOTS_DIR || path.resolve('.work/shots');
fs.mkdirSync(SHOTS_DIR, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Helpers

/** Polls `fn` in the page until it returns a truthy value (returned), or throws after `timeout` ms. */
async function waitInPage(
  page,
  fn,
  arg,
  { timeout = 15_000, message = 'condition not met in the page' } = {},
) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout, polling: 100 });
    return await handle.jsonValue();
  } catch (err) {
    throw new Error(`${message} within ${timeout} ms (${String(err.message).split('\n')[0]})`);
  }
}

/** Text of the visible lines of the active editor (non-breaking spaces made plain). */
function editorText(page) {
  return page.evaluate(() => {
    const lines = [
      ...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line'),
    ];
    return lines
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent.replace(/\u00a0/g, ' '))
      .join('\n');
  });
}

/** Waits until the active editor shows `needle`. */
function waitForEditorText(page, needle, timeout = 20_000) {
  return waitInPage(
    page,
    (n) =>
      [
        ...document.querySelectorAll(
          '.editor-group-container.active .editor-instance .view-lines .view-line',
        ),
      ].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(n)),
    needle,
    { timeout, message: `the active editor does not show "${needle}"` },
  );
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', {
    state: 'visible',
    timeout: 10_000,
  });
  await page.keyboard.type(fileName);
  await waitInPage(
    page,
    (name) =>
      [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((r) =>
        (r.getAttribute('aria-label') || r.textContent).includes(name),
      ),
    fileName,
    { message: `Quick Open does not list ${fileName}` },
  );
  await page.keyboard.press('Enter');
  await waitInPage(
    page,
    (name) =>
      [...document.querySelectorAll('.tabs-container .tab.active')].some((t) => t.textContent.includes(name)),
    fileName,
    { message: `no active editor tab for ${fileName}` },
  );
}

/** Runs a command from the command palette (F1) by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', {
    state: 'visible',
    timeout: 10_000,
  });
  await page.keyboard.type(title);
  await waitInPage(
    page,
    (t) =>
      [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((r) =>
        r.textContent.includes(t),
      ),
    title,
    { message: `the command palette does not list "${title}"` },
  );
  await page.keyboard.press('Enter');
}

async function screenshot(page, name) {
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export { waitInPage, editorText, waitForEditorText, quickOpen, runCommand, screenshot };

// ---------------------------------------------------------------------------------------------
// Tests

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('the workbench loads with the test workspace', async ({ page }) => {
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(path.resolve(WS_DIR))}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await waitInPage(
    page,
    () =>
      [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].some((r) =>
        r.textContent.includes('test.md'),
      ),
    null,
    { timeout: 60_000, message: 'the explorer does not list test.md' },
  );
});

test('test.md opens via Quick Open and shows its text', async ({ page }) => {
  await quickOpen(page, 'test.md');
  await waitForEditorText(page, 'Hezbollah');
  await waitForEditorText(page, 'approximately 40 strikes');
  const text = await editorText(page);
  if (!text.includes('Beirut')) throw new Error(`unexpected editor text:\n${text}`);
  const mode = await waitInPage(
    page,
    () => document.querySelector('#status\\.editor\\.mode')?.textContent?.trim(),
    null,
    { message: 'no language mode in the status bar' },
  );
  if (mode !== 'Markdown') throw new Error(`language mode is "${mode}", expected Markdown`);
});

test('a screenshot of the editor is saved', async ({ page }) => {
  const file = await screenshot(page, '01-test-md');
  const size = fs.statSync(file).size;
  if (size < 10_000) throw new Error(`${file} is only ${size} bytes`);
  console.log(`    screenshot: ${file}`);
});

// ---------------------------------------------------------------------------------------------
// Runner

const grep = process.env.UI_GREP ? new RegExp(process.env.UI_GREP) : null;
const t0 = Date.now();
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
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('pageerror', (e) => console.error('[pageerror]', e.message));
if (process.env.VERBOSE) page.on('console', (m) => console.error('[browser]', m.type(), m.text()));

let passed = 0;
let failed = 0;
console.log('UI tests (code-server workbench)');
for (const [i, t] of tests.entries()) {
  if (grep && !grep.test(t.name) && i > 0) continue; // the first test loads the workbench
  const started = Date.now();
  try {
    await t.fn({ page });
    passed++;
    console.log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
  } catch (err) {
    failed++;
    console.log(
      `  ✖ ${t.name} (${Date.now() - started} ms)\n      ${String(err?.message ?? err).replace(/\n/g, '\n      ')}`,
    );
    const shot = await screenshot(page, `fail-${String(i + 1).padStart(2, '0')}`).catch(() => null);
    if (shot) console.log(`      screenshot: ${shot}`);
  }
}
await browser.close().catch(() => {});
console.log(`ui tests took ${Date.now() - t0} ms`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
