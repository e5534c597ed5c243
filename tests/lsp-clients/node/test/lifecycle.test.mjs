import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, serverCommand, withTimeout, frame, modelPath } from '../lib/server.mjs';

test('initialize advertises the features and shutdown + exit gives exit code 0', async () => {
  const server = await startServer();
  const caps = server.initialized.capabilities;
  assert.equal(caps.positionEncoding, 'utf-16');
  assert.equal(caps.textDocumentSync.change, 2);
  assert.equal(caps.inlineCompletionProvider, true);
  assert.equal(caps.hoverProvider, true);
  assert.ok(caps.completionProvider.triggerCharacters.includes('.'));
  assert.deepEqual(caps.executeCommandProvider.commands.sort(), ['charrnn.reloadModel', 'charrnn.sampleAtPosition']);
  assert.equal(await server.stop(), 0);
});

test('exit without shutdown gives exit code 1; stdout carries only protocol', async () => {
  const child = spawn(serverCommand, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = Buffer.alloc(0);
  child.stdout.on('data', d => { stdout = Buffer.concat([stdout, d]); });
  const code = new Promise(resolve => child.on('exit', resolve));
  child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } })));
  child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
  assert.equal(await withTimeout(code, 10000, 'exit'), 1);
  const text = stdout.toString('utf8');
  // Every byte on stdout belongs to a Content-Length frame.
  let rest = text;
  while (rest.length > 0) {
    const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
    assert.ok(m, `non-protocol output on stdout: ${JSON.stringify(rest.slice(0, 80))}`);
    const body = Buffer.from(rest.slice(m[0].length), 'utf8').subarray(0, Number(m[1])).toString('utf8');
    JSON.parse(body);
    rest = rest.slice(m[0].length + body.length);
  }
});

test('requests before initialize get -32002; unknown methods -32601', async () => {
  const child = spawn(serverCommand, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', d => { out += d; });
  child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: {} })));
  await withTimeout(new Promise(resolve => { const t = setInterval(() => { if (out.includes('"id":7')) { clearInterval(t); resolve(); } }, 20); }), 10000, 'answer');
  assert.match(out, /"code":-32002/);
  child.kill();

  const server = await startServer();
  await assert.rejects(server.connection.sendRequest('textDocument/definition', {}), e => e.code === -32601);
  assert.equal(await server.stop(), 0);
});

test('the model status reports the loaded checkpoint with its shape and recorded bits per char', async () => {
  const server = await startServer();
  const loaded = server.statuses.find(s => s.state === 'loaded');
  assert.equal(loaded.path, modelPath);
  // run.sh trains a 2x64 LSTM with one evaluation, so the checkpoint records a validation loss.
  assert.equal(loaded.model.cell, 'lstm');
  assert.equal(loaded.model.layers, 2);
  assert.equal(loaded.model.hiddenSize, 64);
  assert.ok(loaded.model.bitsPerChar > 0 && Number.isFinite(loaded.model.bitsPerChar), JSON.stringify(loaded));
  assert.equal(loaded.model.iterations, 150);
  assert.equal(server.statuses[0].state, 'loading');
  const outcome = await server.connection.sendRequest('workspace/executeCommand', { command: 'charrnn.reloadModel' });
  assert.match(outcome, /^loaded lstm 2x64/);
  assert.deepEqual(server.statuses.slice(-2).map(s => s.state), ['loading', 'loaded']); // sent before the answer
  assert.equal(await server.stop(), 0);
});

test('a client that shows the model status gets a missing status and no "no model" message', async () => {
  const server = await startServer({ noModel: true, experimental: { charrnnModelStatus: true },
    initializationOptions: { modelPath: '/nonexistent/model.safetensors' } });
  await withTimeout(new Promise(resolve => { const t = setInterval(() => { if (server.statuses.length) { clearInterval(t); resolve(); } }, 20); }), 10000, 'modelStatus');
  assert.deepEqual(server.statuses[0], { state: 'missing', path: '/nonexistent/model.safetensors', reason: 'no model at /nonexistent/model.safetensors' });
  // The server logs the reason right after it would have shown it.
  await withTimeout(new Promise(resolve => { const t = setInterval(() => { if (server.logs.some(l => l.includes('no model at'))) { clearInterval(t); resolve(); } }, 20); }), 10000, 'log');
  assert.deepEqual(server.shown, []);
  assert.equal(await server.stop(), 0);
});

test('without a model the server answers empty and tells how to train one', async () => {
  const server = await startServer({ noModel: true, initializationOptions: { modelPath: '/nonexistent/model.safetensors' } });
  await server.open('file:///tmp/x.c', 'int x');
  const result = await server.connection.sendRequest('textDocument/completion',
    { textDocument: { uri: 'file:///tmp/x.c' }, position: { line: 0, character: 5 } });
  assert.deepEqual(result.items, []);
  await withTimeout(new Promise(resolve => { const t = setInterval(() => { if (server.shown.length) { clearInterval(t); resolve(); } }, 20); }), 10000, 'showMessage');
  assert.match(server.shown[0], /charrnn-train <dir> --out \.charrnn\/model\.safetensors/);
  assert.equal(server.shown.length, 1);
  assert.equal(await server.stop(), 0);
});
