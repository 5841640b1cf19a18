import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const CORE = path.join(__dirname, '..', '..', 'src', 'core');
const FORBIDDEN =
  /(?:from\s+|require\(\s*|import\(\s*)['"](vscode|(?:node:)?fs(?:\/promises)?|(?:node:)?child_process|\.\.\/vscode\/[^'"]*|\.\.\/node\/[^'"]*)['"]/;

describe('layers', () => {
  const files = fs.readdirSync(CORE).filter((f) => f.endsWith('.ts'));

  it('has core modules to check', () => {
    assert.ok(files.length >= 8, `found ${files.length}`);
  });

  for (const file of files) {
    it(`src/core/${file} imports neither vscode nor fs nor the adapters`, () => {
      const match = FORBIDDEN.exec(fs.readFileSync(path.join(CORE, file), 'utf8'));
      assert.equal(match, null, match ? `imports ${match[1]}` : '');
    });
  }

  it('the check itself catches a forbidden import', () => {
    assert.ok(FORBIDDEN.test("import * as vscode from 'vscode';"));
    assert.ok(FORBIDDEN.test("import { readFileSync } from 'node:fs';"));
    assert.ok(FORBIDDEN.test("const fs = require('fs');"));
    assert.ok(!FORBIDDEN.test("import { parse } from 'yaml';"));
  });
});
