import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, getExtension, openDoc, waitFor } from './helpers';

describe('smoke: the extension loads in a real VS Code', () => {
  it(`is installed as ${EXTENSION_ID}`, () => {
    const ext = getExtension();
    assert.strictEqual(ext.packageJSON.publisher, 'geo-annotator');
    assert.strictEqual(ext.packageJSON.name, 'geo-annotator');
  });

  it('declares onLanguage:markdown activation', () => {
    const events: string[] = getExtension().packageJSON.activationEvents ?? [];
    assert.ok(events.includes('onLanguage:markdown'), `activationEvents: ${JSON.stringify(events)}`);
  });

  it('activates when a Markdown file is opened', async () => {
    // With onLanguage:plaintext also declared, the extension is usually active already: the
    // workbench creates a plaintext model at startup. Then this only checks it is active by now.
    const wasActive = getExtension().isActive;
    const { doc } = await openDoc('test.md');
    assert.strictEqual(doc.languageId, 'markdown');
    // Activation comes from the onLanguage:markdown event, not from us calling activate().
    await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, {
      timeout: 15_000,
      message: `${EXTENSION_ID} did not activate after opening test.md`,
    });
    if (wasActive)
      console.log('      (already active before test.md was opened: onLanguage:plaintext at startup)');
  });

  it('returns its API object from activate()', async () => {
    const ext = getExtension();
    const api = await ext.activate();
    assert.ok(api && typeof api === 'object', 'activate() returned no API object');
    assert.strictEqual(api.ready, true);
    assert.strictEqual(ext.exports, api);
  });
});
