'use strict';

// Stand-ins for the `vscode` module (which exists only inside VS Code) and for the LanguageClient
// of vscode-languageclient/node (which would spawn a server). They record what extension.js asks
// of them, so the tests can look at it. Module._load is swapped rather than require.cache filled
// because `vscode` has no file to resolve, and resolution fails before the cache is consulted.

const Module = require('module');
const path = require('path');

const EXTENSION = path.join(__dirname, '..', 'extension.js');

/**
 * Loads a fresh copy of extension.js against new fakes (the extension keeps its client in module
 * state, so every test gets its own copy).
 * @param {Record<string, unknown>} settings the gclint.* settings, without the prefix
 */
function loadExtension(settings = {}) {
  const log = {
    clients: /** @type {FakeClient[]} */ ([]),
    watchers: /** @type {FakeWatcher[]} */ ([]),
    commands: /** @type {Map<string, Function>} */ (new Map()),
    executed: /** @type {any[][]} */ ([]),
    clipboard: /** @type {string[]} */ ([]),
    info: /** @type {string[]} */ ([]),
    warnings: /** @type {string[]} */ ([]),
    errors: /** @type {string[]} */ ([]),
    configListeners: /** @type {Function[]} */ ([]),
    /** What the next client's start() does: resolve, or reject with this error. */
    startError: /** @type {Error | undefined} */ (undefined),
  };
  const current = { ...settings };

  class FakeWatcher {
    /** @param {string} glob */
    constructor(glob) {
      this.glob = glob;
      this.disposed = false;
    }
    dispose() {
      this.disposed = true;
    }
  }

  const disposable = () => ({ dispose() {} });

  const vscode = {
    workspace: {
      /** @param {string} section */
      getConfiguration(section) {
        if (section !== 'gclint') throw new Error(`unexpected configuration section ${section}`);
        return {
          /** @param {string} key @param {unknown} [fallback] */
          get(key, fallback) {
            return key in current ? current[key] : fallback;
          },
        };
      },
      /** @param {string} glob */
      createFileSystemWatcher(glob) {
        const watcher = new FakeWatcher(glob);
        log.watchers.push(watcher);
        return watcher;
      },
      /** @param {Function} listener */
      onDidChangeConfiguration(listener) {
        log.configListeners.push(listener);
        return disposable();
      },
    },
    commands: {
      /** @param {string} name @param {Function} handler */
      registerCommand(name, handler) {
        // As in VS Code: a second command of the same name is an error.
        if (log.commands.has(name)) throw new Error(`command '${name}' already exists`);
        log.commands.set(name, handler);
        return { dispose: () => log.commands.delete(name) };
      },
      /** @param {any[]} args */
      async executeCommand(...args) {
        log.executed.push(args);
      },
    },
    window: {
      /** @param {string} message */
      async showInformationMessage(message) {
        log.info.push(message);
      },
      /** @param {string} message */
      async showWarningMessage(message) {
        log.warnings.push(message);
      },
      /** @param {string} message */
      async showErrorMessage(message) {
        log.errors.push(message);
        return undefined;
      },
    },
    env: {
      clipboard: {
        /** @param {string} text */
        async writeText(text) {
          log.clipboard.push(text);
        },
      },
    },
    // What vscode-languageclient's own modules touch at load time or in the feature under test.
    Disposable: class {
      /** @param {() => void} fn */
      constructor(fn) {
        this.dispose = fn;
      }
    },
    CancellationError: class extends Error {},
  };

  class FakeClient {
    /**
     * @param {string} id @param {string} name @param {any} serverOptions @param {any} clientOptions
     */
    constructor(id, name, serverOptions, clientOptions) {
      this.id = id;
      this.name = name;
      this.serverOptions = serverOptions;
      this.clientOptions = clientOptions;
      this.middleware = clientOptions.middleware || {};
      this.started = false;
      this.stopped = false;
      log.clients.push(this);
    }
    async start() {
      if (log.startError) throw log.startError;
      this.started = true;
    }
    async stop() {
      this.stopped = true;
    }
  }

  const fakes = /** @type {Record<string, unknown>} */ ({
    vscode,
    'vscode-languageclient/node': { LanguageClient: FakeClient },
  });
  const realLoad = Module._load;
  // @ts-ignore: Module._load is internal, and the simplest hook there is.
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode-languageclient/node' && parent && parent.filename === EXTENSION) {
      return fakes[request];
    }
    if (request === 'vscode') return vscode;
    return realLoad.call(this, request, parent, isMain);
  };

  delete require.cache[EXTENSION];
  const extension = require(EXTENSION);

  return {
    extension,
    vscode,
    log,
    /** Changes settings and tells the extension, as VS Code does. @param {Record<string, unknown>} changes */
    changeSettings(changes) {
      Object.assign(current, changes);
      const event = {
        /** @param {string} section */
        affectsConfiguration: (section) =>
          Object.keys(changes).some((k) => `gclint.${k}` === section || `gclint.${k}`.startsWith(`${section}.`)),
      };
      for (const listener of log.configListeners) listener(event);
    },
    /** Takes the hook out again. */
    restore() {
      // @ts-ignore
      Module._load = realLoad;
      delete require.cache[EXTENSION];
    },
  };
}

/** A minimal ExtensionContext. */
function fakeContext() {
  return { subscriptions: /** @type {{ dispose(): void }[]} */ ([]) };
}

module.exports = { loadExtension, fakeContext, EXTENSION };
