'use strict';

// `node --check` on every JavaScript file of the extension, node_modules aside: a syntax error in
// a file the other tests do not load would otherwise only show once VS Code loads it.

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

/** @param {string} dir @returns {string[]} */
function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return /\.(c|m)?js$/.test(entry.name) ? [full] : [];
  });
}

const files = jsFiles(root);

test('there are JavaScript files to check', () => {
  assert.ok(files.some((f) => path.basename(f) === 'extension.js'));
});

for (const file of files) {
  test(`node --check ${path.relative(root, file)}`, () => {
    execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
  });
}
