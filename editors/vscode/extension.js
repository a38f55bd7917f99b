// @ts-check
'use strict';

// The gclint extension: starts `gclint server` (a language server over stdio) and hands it the
// documents gclint can check. The linting, the quick fixes and the corrected requests all come
// from the server; this file only wires VS Code to it, and puts the "copy the corrected request"
// results on the clipboard. Plain JavaScript (checked by tsc through JSDoc) so that there is no
// build step between the source and the packaged extension.

const os = require('os');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** The client id: vscode-languageclient reads `<id>.trace.server` for the trace level. */
const CLIENT_ID = 'gclint';
const COPY_REQUEST = 'gclint.copyRequest';

/**
 * Every file kind the server reads. The pattern catches the files VS Code gives no useful
 * language (`.har`, `.curl`, `.ndjson`, and `.http` without a REST client extension); the
 * language ids catch files whose name says nothing, such as a curl script without an extension
 * that VS Code recognises as shellscript by its #! line. Only the file scheme: the server finds
 * gclint.toml from the document's folder, which an untitled buffer does not have.
 */
const FILE_PATTERN = '**/*.{http,rest,sh,bash,curl,json,jsonl,ndjson,log,tf,har,js,mjs,cjs,jsx,ts,mts,cts,tsx,py}';
const LANGUAGES = [
  'http',
  'shellscript',
  'json',
  'jsonc',
  'terraform',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
];

/** @type {import('vscode-languageclient').DocumentSelector} */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: FILE_PATTERN },
  ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
];

/** The server rereads its configuration when any gclint.toml changes. */
const CONFIG_GLOB = '**/gclint.toml';

/** How the information message names each `form` of gclint.copyRequest. */
const FORM_NAMES = /** @type {Record<string, string>} */ ({
  curl: 'curl',
  js: 'JavaScript',
  python: 'Python',
});

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.FileSystemWatcher | undefined} */
let watcher;
/**
 * Starts and stops are chained on this promise: two quick settings changes would otherwise stop
 * one client while the next is still starting, and leave two servers running.
 */
let pending = Promise.resolve();

/** @returns {{ path: string, scopes: string[] }} */
function readSettings() {
  const config = vscode.workspace.getConfiguration('gclint');
  const raw = config.get('path');
  let path = typeof raw === 'string' && raw.trim() ? raw.trim() : 'gclint';
  // No shell runs the command, so nothing else would expand a leading ~ (a common way to write
  // ~/.cargo/bin/gclint). A relative path is taken from the first workspace folder: the client
  // starts the server there.
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) {
    path = os.homedir() + path.slice(1);
  }
  const scopes = config.get('scopes');
  return {
    path,
    // A hand-edited settings.json can hold anything; the server expects strings only.
    scopes: Array.isArray(scopes) ? scopes.filter((s) => typeof s === 'string') : [],
  };
}

/**
 * Runs gclint.copyRequest on the server and puts its result on the clipboard.
 *
 * Why middleware: the server lists gclint.copyRequest in executeCommandProvider.commands, so
 * vscode-languageclient 9 registers a VS Code command of that name itself (ExecuteCommandFeature)
 * and sends workspace/executeCommand when the code action runs. Registering our own command of
 * the same name would fail ("command already exists") once the client registers its one, and the
 * client's command drops the result, since VS Code ignores what a code action's command returns.
 * middleware.executeCommand sits inside the client's command, sees every call, and gets the
 * server's result back from `next`, so the clipboard is written here.
 *
 * @param {string} command
 * @param {any[]} args
 * @param {(command: string, args: any[]) => Promise<any>} next
 */
async function executeCommand(command, args, next) {
  if (command !== COPY_REQUEST) {
    return next(command, args);
  }
  let result;
  try {
    result = await next(command, args);
  } catch {
    // The client has already logged the failed request and shown a notification; rethrowing
    // would only add VS Code's second "command failed" message.
    return undefined;
  }
  if (!result || typeof result.text !== 'string') {
    vscode.window.showWarningMessage('gclint: the server returned no request to copy');
    return undefined;
  }
  await vscode.env.clipboard.writeText(result.text);
  const form = args && args[0] && args[0].form;
  const name = FORM_NAMES[form] || form || 'code';
  vscode.window.showInformationMessage(`gclint: corrected request copied as ${name}`);
  return result;
}

/** @param {{ path: string, scopes: string[] }} settings */
function createClient(settings) {
  // An Executable without `transport` speaks JSON-RPC over its stdin and stdout.
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = { command: settings.path, args: ['server'] };
  watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { fileEvents: watcher },
    // An empty list is left out rather than sent: `[]` would tell the server the client has no
    // scopes at all, while an unset setting means "not said here", so gclint.toml decides.
    initializationOptions: settings.scopes.length > 0 ? { scopes: settings.scopes } : {},
    middleware: { executeCommand },
  };
  return new LanguageClient(CLIENT_ID, 'gclint', serverOptions, clientOptions);
}

/** @returns {Promise<void>} */
async function stopClient() {
  const old = client;
  const oldWatcher = watcher;
  client = undefined;
  watcher = undefined;
  try {
    // A client whose server never started cannot be stopped; that is not worth a message.
    if (old) await old.stop();
  } catch {
    // ignored, see above
  }
  // The client does not own the watcher it was given, so it is disposed here.
  if (oldWatcher) oldWatcher.dispose();
}

/** @returns {Promise<void>} */
async function startClient() {
  const settings = readSettings();
  client = createClient(settings);
  try {
    await client.start();
  } catch (error) {
    // Most often the binary is not on PATH; say which setting fixes that.
    const reason = error instanceof Error ? error.message : String(error);
    const choice = await vscode.window.showErrorMessage(
      `gclint: could not start "${settings.path} server" (${reason}). ` +
        'Install gclint or set gclint.path to its full path.',
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      vscode.commands.executeCommand('workbench.action.openSettings', 'gclint.path');
    }
  }
}

/** @returns {Promise<void>} */
function restart() {
  pending = pending.then(stopClient).then(startClient);
  return pending;
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  context.subscriptions.push(
    // The path and the scopes are fixed when the server starts (scopes travel in the initialize
    // request), so a change to either means a new server. The trace level is not in this list:
    // the client follows gclint.trace.server by itself.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('gclint.path') || event.affectsConfiguration('gclint.scopes')) {
        restart();
      }
    }),
    // For after installing a new gclint binary.
    vscode.commands.registerCommand('gclint.restart', restart),
  );
  pending = pending.then(startClient);
  return pending;
}

/** @returns {Promise<void>} */
function deactivate() {
  pending = pending.then(stopClient);
  return pending;
}

module.exports = {
  activate,
  deactivate,
  // For the tests only.
  _internal: { executeCommand, DOCUMENT_SELECTOR, CONFIG_GLOB, FILE_PATTERN, LANGUAGES },
};
