'use strict';

// extension.js against fake `vscode` and `vscode-languageclient/node` modules (test/fakes.js):
// what it starts, which documents it hands the server, and what it does with the corrected
// requests the server returns.

const test = require('node:test');
const assert = require('node:assert/strict');
const os = require('os');
const path = require('path');
const minimatch = require('minimatch');
const { loadExtension, fakeContext } = require('./fakes');

/** Loads the extension, activates it, and takes the hook out after the test. */
async function activated(t, settings = {}) {
  const env = loadExtension(settings);
  t.after(() => env.restore());
  const context = fakeContext();
  await env.extension.activate(context);
  return { ...env, context };
}

/** Waits for the extension's queued start/stop steps. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * Does a selector entry take this document? The same rules as vscode.languages.match for the
 * fields extension.js uses (scheme, language, pattern), with minimatch standing in for VS Code's
 * glob matcher; `dot: true` because VS Code's globs do not treat dot folders specially.
 */
function selects(selector, doc) {
  return selector.some(
    (f) =>
      (!f.scheme || f.scheme === doc.scheme) &&
      (!f.language || f.language === doc.languageId) &&
      (!f.pattern || minimatch(doc.fsPath, f.pattern, { dot: true })) &&
      (f.language || f.pattern),
  );
}

const file = (name, languageId = 'plaintext') => ({
  scheme: 'file',
  languageId,
  fsPath: path.posix.join('/home/dev/project/.captures', name),
});

test('activate starts `gclint server` by default, with the client id that gclint.trace.server needs', async (t) => {
  const { log } = await activated(t);
  assert.equal(log.clients.length, 1);
  const client = log.clients[0];
  assert.deepEqual(client.serverOptions, { command: 'gclint', args: ['server'] });
  // vscode-languageclient reads `<id>.trace.server`, so the id must be the settings prefix.
  assert.equal(client.id, 'gclint');
  assert.equal(client.started, true);
});

test('gclint.path is the command, and a leading ~ is the home folder', async (t) => {
  const { log } = await activated(t, { path: '/opt/gclint/bin/gclint' });
  assert.deepEqual(log.clients[0].serverOptions, { command: '/opt/gclint/bin/gclint', args: ['server'] });

  const home = await activated(t, { path: '~/.cargo/bin/gclint' });
  assert.equal(home.log.clients[0].serverOptions.command, path.join(os.homedir(), '.cargo/bin/gclint'));

  const blank = await activated(t, { path: '   ' });
  assert.equal(blank.log.clients[0].serverOptions.command, 'gclint');
});

test('the document selector takes every kind of file the server checks, and only from disk', async (t) => {
  const { log } = await activated(t);
  const selector = log.clients[0].clientOptions.documentSelector;
  for (const name of [
    'session.har',
    'api.http',
    'api.rest',
    'transfer.curl',
    'transfer.sh',
    'transfer.bash',
    'body.json',
    'lookup.custom.json',
    'collection.postman_collection.json',
    'sdk.jsonl',
    'sdk.ndjson',
    'client.log',
    'main.tf',
    'drop-participant.js',
    'service.mts',
    'Dialer.tsx',
    'script.py',
  ]) {
    assert.ok(selects(selector, file(name)), `${name} is not sent to the server`);
  }
  // Files whose name says nothing, known by their language only.
  for (const languageId of ['http', 'shellscript', 'json', 'jsonc', 'terraform', 'javascript', 'typescript', 'python']) {
    assert.ok(selects(selector, file('no-extension', languageId)), `language ${languageId} is not sent`);
  }
  // What gclint does not read stays out, and so do unsaved buffers.
  for (const name of ['notes.md', 'main.rs', 'Main.java', 'har']) {
    assert.ok(!selects(selector, file(name)), `${name} is sent to the server`);
  }
  assert.ok(!selects(selector, { scheme: 'untitled', languageId: 'json', fsPath: 'Untitled-1' }));
  assert.ok(selector.every((f) => f.scheme === 'file'));
});

test('gclint.scopes travel as initializationOptions.scopes; an empty list is not sent', async (t) => {
  const scopes = ['conversations', 'users:readonly'];
  const { log } = await activated(t, { scopes });
  assert.deepEqual(log.clients[0].clientOptions.initializationOptions, { scopes });

  const none = await activated(t);
  assert.deepEqual(none.log.clients[0].clientOptions.initializationOptions, {});

  // Not strings: dropped rather than handed to a server that expects strings.
  const odd = await activated(t, { scopes: ['conversations', 3, null] });
  assert.deepEqual(odd.log.clients[0].clientOptions.initializationOptions, { scopes: ['conversations'] });
});

test('the client watches **/gclint.toml for the server', async (t) => {
  const { log } = await activated(t);
  assert.equal(log.watchers.length, 1);
  assert.equal(log.watchers[0].glob, '**/gclint.toml');
  assert.equal(log.clients[0].clientOptions.synchronize.fileEvents, log.watchers[0]);
});

test('copyRequest: the server result goes to the clipboard, with a message naming the form', async (t) => {
  const { log } = await activated(t);
  const { executeCommand } = log.clients[0].clientOptions.middleware;
  const args = [{ uri: 'file:///home/dev/project/session.har', diagnostic: 0, form: 'curl' }];
  const sent = [];
  const next = async (command, a) => {
    sent.push([command, a]);
    return { text: "curl -X PATCH 'https://api.mypurecloud.com/api/v2/conversations/calls/1'" };
  };
  await executeCommand('gclint.copyRequest', args, next);
  assert.deepEqual(sent, [['gclint.copyRequest', args]]);
  assert.deepEqual(log.clipboard, ["curl -X PATCH 'https://api.mypurecloud.com/api/v2/conversations/calls/1'"]);
  assert.deepEqual(log.info, ['gclint: corrected request copied as curl']);

  await executeCommand('gclint.copyRequest', [{ ...args[0], form: 'js' }], async () => ({ text: 'await fetch(...)' }));
  await executeCommand('gclint.copyRequest', [{ ...args[0], form: 'python' }], async () => ({ text: 'requests.patch(...)' }));
  assert.deepEqual(log.info.slice(1), [
    'gclint: corrected request copied as JavaScript',
    'gclint: corrected request copied as Python',
  ]);
  assert.equal(log.clipboard.length, 3);
});

test('copyRequest: nothing is copied when the server fails or returns no text', async (t) => {
  const { log } = await activated(t);
  const { executeCommand } = log.clients[0].clientOptions.middleware;
  const args = [{ uri: 'file:///x.har', diagnostic: 0, form: 'curl' }];
  // The client has already reported a failed request; the middleware must not throw on top.
  const result = await executeCommand('gclint.copyRequest', args, async () => {
    throw new Error('Request workspace/executeCommand failed.');
  });
  assert.equal(result, undefined);
  await executeCommand('gclint.copyRequest', args, async () => null);
  assert.deepEqual(log.clipboard, []);
  assert.deepEqual(log.info, []);
  assert.equal(log.warnings.length, 1);
});

test('other server commands pass through the middleware untouched', async (t) => {
  const { log } = await activated(t);
  const { executeCommand } = log.clients[0].clientOptions.middleware;
  const result = await executeCommand('gclint.somethingElse', [1, 2], async (command, args) => ({ command, args }));
  assert.deepEqual(result, { command: 'gclint.somethingElse', args: [1, 2] });
  assert.deepEqual(log.clipboard, []);
});

test('with the real ExecuteCommandFeature of vscode-languageclient 9, a code action reaches the clipboard', async (t) => {
  // This is the path VS Code takes: the server's initialize result lists gclint.copyRequest, the
  // client's feature registers a VS Code command of that name, the code action runs it, and the
  // feature calls our middleware around its workspace/executeCommand request.
  const { log, vscode } = await activated(t);
  for (const key of Object.keys(require.cache)) {
    if (key.includes(`${path.sep}vscode-languageclient${path.sep}lib${path.sep}`)) delete require.cache[key];
  }
  const { ExecuteCommandFeature } = require('vscode-languageclient/lib/common/executeCommand');
  const requests = [];
  const client = log.clients[0];
  const feature = new ExecuteCommandFeature({
    middleware: client.clientOptions.middleware,
    async sendRequest(type, params) {
      requests.push([type.method, params]);
      return { text: 'import requests\n' };
    },
    handleFailedRequest(_type, _token, error) {
      throw error;
    },
  });
  feature.initialize({ executeCommandProvider: { commands: ['gclint.copyRequest'] } });

  // The extension must not have registered a command of that name itself: VS Code would refuse
  // the second registration.
  const run = log.commands.get('gclint.copyRequest');
  assert.ok(run, 'the feature did not register gclint.copyRequest');
  const argument = { uri: 'file:///home/dev/api.http', diagnostic: 2, form: 'python' };
  await run(argument); // VS Code spreads the code action's command.arguments
  assert.deepEqual(requests, [
    ['workspace/executeCommand', { command: 'gclint.copyRequest', arguments: [argument] }],
  ]);
  assert.deepEqual(log.clipboard, ['import requests\n']);
  assert.deepEqual(log.info, ['gclint: corrected request copied as Python']);
  assert.ok(vscode);
});

test('changing gclint.path or gclint.scopes restarts the server with the new values', async (t) => {
  const { log, changeSettings } = await activated(t, { scopes: ['conversations'] });
  const first = log.clients[0];

  changeSettings({ path: '/usr/local/bin/gclint' });
  await settle();
  assert.equal(first.stopped, true);
  assert.equal(log.watchers[0].disposed, true, 'the old watcher is left behind');
  assert.equal(log.clients.length, 2);
  assert.equal(log.clients[1].serverOptions.command, '/usr/local/bin/gclint');
  assert.equal(log.clients[1].started, true);

  changeSettings({ scopes: ['conversations', 'analytics'] });
  await settle();
  assert.equal(log.clients.length, 3);
  assert.deepEqual(log.clients[2].clientOptions.initializationOptions, { scopes: ['conversations', 'analytics'] });

  // The client follows the trace level itself; that needs no new server.
  changeSettings({ 'trace.server': 'verbose' });
  await settle();
  assert.equal(log.clients.length, 3);
});

test('gclint.restart starts a new server; deactivate stops the last one', async (t) => {
  const { log, extension } = await activated(t);
  await log.commands.get('gclint.restart')();
  assert.equal(log.clients.length, 2);
  assert.equal(log.clients[0].stopped, true);
  await extension.deactivate();
  assert.equal(log.clients[1].stopped, true);
  assert.ok(log.watchers.every((w) => w.disposed));
});

test('a server that will not start gives an error that names gclint.path', async (t) => {
  const env = loadExtension({ path: 'gclint-missing' });
  t.after(() => env.restore());
  env.log.startError = new Error('spawn gclint-missing ENOENT');
  await env.extension.activate(fakeContext());
  assert.equal(env.log.errors.length, 1);
  assert.match(env.log.errors[0], /gclint-missing server/);
  assert.match(env.log.errors[0], /gclint\.path/);
});
