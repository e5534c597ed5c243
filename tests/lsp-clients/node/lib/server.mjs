// Starts charrnn-lsp as a child process and talks to it over its real stdin/stdout with the same JSON-RPC
// library VS Code uses. CHARRNN_LSP: the server executable; CHARRNN_TEST_MODEL: a checkpoint made in setup.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const serverCommand = process.env.CHARRNN_LSP;
export const modelPath = process.env.CHARRNN_TEST_MODEL;
if (!serverCommand || !modelPath) throw new Error('set CHARRNN_LSP and CHARRNN_TEST_MODEL (tests/lsp-clients/run.sh does)');

export function fileUri(path) { return pathToFileURL(path).href; }

/** Launches the server and initializes it; resolves once its charrnn/modelStatus says the model is loaded (or without
 * waiting when noModel). experimental: the client's capabilities.experimental. */
export async function startServer({ positionEncodings, initializationOptions = {}, noModel = false, experimental } = {}) {
  const child = spawn(serverCommand, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', d => { stderr += d; });
  const exited = new Promise(resolve => child.on('exit', code => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs = [];
  const shown = [];
  const statuses = [];
  let modelLoaded;
  const loaded = new Promise(resolve => { modelLoaded = resolve; });
  connection.onNotification('window/logMessage', p => logs.push(p.message));
  connection.onNotification('window/showMessage', p => shown.push(p.message));
  connection.onNotification('charrnn/modelStatus', p => { statuses.push(p); if (p.state === 'loaded') modelLoaded(); });
  connection.listen();
  const capabilities = {
    ...(positionEncodings ? { general: { positionEncodings } } : {}),
    ...(experimental ? { experimental } : {}),
  };
  const options = noModel ? initializationOptions : { modelPath, ...initializationOptions };
  const initialized = await connection.sendRequest('initialize', {
    processId: process.pid, rootUri: null, capabilities, initializationOptions: options,
  });
  connection.sendNotification('initialized', {});
  if (!noModel) await withTimeout(loaded, 30000, 'model never loaded: ' + stderr);
  return {
    child, connection, initialized, logs, shown, statuses, exited,
    stderr: () => stderr,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
    open: (uri, text, languageId = 'c') => connection.sendNotification('textDocument/didOpen',
      { textDocument: { uri, languageId, version: 1, text } }),
    /** Polite stop: shutdown + exit; resolves to the exit code. */
    async stop() {
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      const code = await withTimeout(exited, 10000, 'server did not exit');
      connection.dispose();
      return code;
    },
  };
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); }),
  ]);
}

/** Frames raw bytes the way the base protocol does, for hand-made (and deliberately broken) messages. */
export function frame(body, announcedLength) {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${announcedLength ?? bytes.length}\r\n\r\n`, 'ascii'), bytes]);
}
