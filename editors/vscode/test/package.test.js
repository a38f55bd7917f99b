'use strict';

// The manifest and the files around it, checked the way `vsce package` would check them (without
// installing vsce), plus agreement between package.json and extension.js.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const read = (name) => fs.readFileSync(path.join(root, name), 'utf8');

/** The lowest version a caret or tilde range allows, as [major, minor, patch]. */
function lowest(range) {
  const m = /^[\^~]?(\d+)\.(\d+)\.(\d+)$/.exec(range);
  assert.ok(m, `not a simple version range: ${range}`);
  return m.slice(1).map(Number);
}
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

test('what vsce requires: name, publisher, version, engines.vscode, main', () => {
  // vsce: the name is lower case, without spaces, and usable in a URL.
  assert.match(manifest.name, /^[a-z0-9][a-z0-9._-]*$/);
  assert.equal(manifest.name, 'gclint');
  assert.equal(manifest.publisher, 'gclint');
  assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  assert.equal(manifest.engines.vscode, '^1.85.0');
  assert.ok(fs.existsSync(path.join(root, manifest.main)), `main ${manifest.main} does not exist`);
});

test('vsce: @types/vscode is not newer than engines.vscode', () => {
  // vsce refuses to package when the typings promise API the engine range does not.
  const types = manifest.devDependencies && manifest.devDependencies['@types/vscode'];
  if (!types) return;
  assert.ok(compare(lowest(types), lowest(manifest.engines.vscode)) <= 0, `${types} > ${manifest.engines.vscode}`);
});

test('vsce: a README of our own and a LICENSE (the same as the project one)', () => {
  const readme = read('README.md');
  assert.ok(!/This is the README for your extension/.test(readme), 'README.md is the generator template');
  assert.ok(readme.includes('gclint.path'));
  assert.equal(manifest.license, 'MIT');
  assert.equal(read('LICENSE'), fs.readFileSync(path.join(root, '..', '..', 'LICENSE'), 'utf8'));
});

test('the language client is a runtime dependency at version 9, pinned by the lockfile', () => {
  assert.match(manifest.dependencies['vscode-languageclient'], /^\^9\./);
  const lock = JSON.parse(read('package-lock.json'));
  const locked = lock.packages['node_modules/vscode-languageclient'];
  assert.ok(locked, 'package-lock.json does not list vscode-languageclient');
  assert.match(locked.version, /^9\./);
  assert.ok(!locked.dev, 'vscode-languageclient is locked as a dev dependency');
});

test('activation: every language of the selector, gclint.toml, and no "*"', () => {
  const events = manifest.activationEvents;
  assert.ok(!events.includes('*'));
  for (const language of ['http', 'shellscript', 'json', 'jsonc', 'terraform']) {
    assert.ok(events.includes(`onLanguage:${language}`), `no onLanguage:${language}`);
  }
  assert.ok(events.includes('workspaceContains:**/gclint.toml'));
});

test('the settings extension.js reads are declared, with their defaults', () => {
  const props = manifest.contributes.configuration.properties;
  assert.equal(props['gclint.path'].type, 'string');
  assert.equal(props['gclint.path'].default, 'gclint');
  assert.equal(props['gclint.scopes'].type, 'array');
  assert.equal(props['gclint.scopes'].items.type, 'string');
  assert.deepEqual(props['gclint.scopes'].default, []);
  assert.deepEqual(props['gclint.trace.server'].enum, ['off', 'messages', 'verbose']);
  // A workspace must not choose the program to run unless it is trusted.
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('gclint.path'));

  const source = read('extension.js');
  for (const key of Object.keys(props)) {
    if (key === 'gclint.trace.server') continue; // read by vscode-languageclient, by the client id
    assert.ok(source.includes(`'${key}'`) || source.includes(`'${key.slice('gclint.'.length)}'`), `${key} is unused`);
  }
});

test('every contributed command is registered by extension.js, and gclint.copyRequest is not', () => {
  const source = read('extension.js');
  for (const { command } of manifest.contributes.commands) {
    assert.ok(source.includes(`registerCommand('${command}'`), `${command} is not registered`);
  }
  // vscode-languageclient registers it from the server's capabilities; a second one would fail.
  assert.ok(!source.includes("registerCommand('gclint.copyRequest'"));
  assert.ok(!source.includes('registerCommand(COPY_REQUEST'));
});

test('.vscodeignore leaves the tests and dev tools out; .gitignore leaves node_modules out', () => {
  const ignore = read('.vscodeignore').split('\n');
  assert.ok(ignore.includes('test/**'));
  assert.ok(ignore.includes('node_modules/typescript/**'));
  assert.ok(read('.gitignore').split('\n').includes('node_modules/'));
});
