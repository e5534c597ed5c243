import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { startServer } from '../lib/server.mjs';

const uri = 'file:///tmp/features.c';
const source = 'static int café = 1; /* 😀 */\nint main(void)\n{\n\treturn 0;\n}\n';

test('position encodings: utf-8 and utf-32 are negotiated and used', async () => {
  for (const [encoding, characterAfterEmoji] of [['utf-8', 29], ['utf-32', 25], ['utf-16', 26]]) {
    const server = await startServer({ positionEncodings: [encoding, 'utf-16'], initializationOptions: { seed: 3 } });
    assert.equal(server.initialized.capabilities.positionEncoding, encoding);
    await server.open(uri, source);
    // Insert "!" right after the emoji, addressed in the negotiated encoding.
    const at = { line: 0, character: characterAfterEmoji };
    server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '!' }],
    });
    const text = await server.connection.sendRequest('workspace/executeCommand',
      { command: 'charrnn.sampleAtPosition', arguments: [uri, { line: 0, character: characterAfterEmoji + 1 }] });
    assert.equal(typeof text, 'string');
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    // The hovered line's confidence counts its code points: 28 before the edit, 29 after it.
    assert.match(hover.contents.value, /over 29 chars of this line/);
    assert.equal(await server.stop(), 0);
  }
});

test('incremental sync, completion, inline completion and hover against the real model', async () => {
  const server = await startServer({ initializationOptions: { seed: 11, choices: 3, maxLength: 40 } });
  await server.open(uri, source);
  server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }, text: '42' },
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: 'int helper(' },
    ],
  });
  const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });
  assert.match(hover.contents.value, /```c\n/);
  assert.match(hover.contents.value, /bits\/char over 11 chars/); // "\treturn 42;" after the edit
  assert.deepEqual(hover.range.start, { line: 3, character: 2 });

  const completion = await server.connection.sendRequest('textDocument/completion',
    { textDocument: { uri }, position: { line: 5, character: 11 } });
  assert.equal(completion.isIncomplete, true);
  for (const item of completion.items) {
    assert.equal(item.label, item.label.trim());
    assert.ok(item.textEdit.newText.length > 0);
    assert.deepEqual(item.textEdit.range.end, { line: 5, character: 11 });
    assert.equal(item.documentation.kind, 'markdown');
  }

  const invoked = await server.connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position: { line: 5, character: 11 }, context: { triggerKind: 1 } });
  assert.ok(invoked.items.length <= 3);
  const automatic = await server.connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position: { line: 1, character: 4 }, context: { triggerKind: 2 } });
  assert.ok(automatic.items.length <= 1);
  for (const item of automatic.items) assert.ok(!item.insertText.includes('\n'), 'mid-line suggestions are one line');
  assert.equal(await server.stop(), 0);
});

test('cancellation answers -32800 and a newer inline request supersedes the older', async () => {
  // A large context makes the first request slow enough that the cancel always arrives in time.
  const big = 'int v = 0;\n'.repeat(60000);
  const server = await startServer({ initializationOptions: { contextChars: 1000000, hoverLength: 2000 } });
  await server.open(uri, big);
  const end = { line: 60000, character: 0 };
  const source = new CancellationTokenSource();
  const cancelled = server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: end }, source.token);
  source.cancel();
  await assert.rejects(cancelled, e => e.code === -32800);

  const older = server.connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position: end, context: { triggerKind: 2 } });
  const newer = server.connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position: end, context: { triggerKind: 2 } });
  await assert.rejects(older, e => e.code === -32800);
  const result = await newer;
  assert.ok(Array.isArray(result.items));
  assert.equal(await server.stop(), 0);
});
