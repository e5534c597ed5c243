import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, frame } from '../lib/server.mjs';

const uri = 'file:///tmp/robust.c';
// When every edit copied the text, 1,000 edits of a 5 MB text reached 1,650 MiB unless the server forced collections;
// with chunked text (DocumentText) an edit copies kilobytes and 123 MiB were measured.
const RSS_CEILING_MIB = 400;

test('garbage, wrong lengths, invalid JSON and wrong types never stop the server', async () => {
  const server = await startServer();
  await server.open(uri, 'int main(void) {\n');
  const alive = async () => {
    const r = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
    assert.ok(Array.isArray(r.items));
  };
  server.child.stdin.write(Buffer.from([0, 1, 2, 255, 254, 10, 13, 10, 13, 10]));
  await alive();
  server.child.stdin.write(Buffer.from('Content-Length: nope\r\n\r\n{}'));
  await alive();
  server.child.stdin.write(frame('{"jsonrpc":"2.0","id":900,"method":"textDocument/hover","params":{}}', 12)); // too short
  await alive();
  const long = frame('{"jsonrpc":"2.0","method":"x"}', 5000); // too long: the padding completes it
  server.child.stdin.write(Buffer.concat([long, Buffer.alloc(5000 - 30, 0x20)]));
  await alive();
  server.child.stdin.write(frame('{"jsonrpc":"2.0","id":901,"method":'));
  await alive();
  await assert.rejects(server.connection.sendRequest('textDocument/completion', { textDocument: { uri: 5 }, position: 'x' }),
    e => e.code === -32602);
  await assert.rejects(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 'a', character: 0 } }),
    e => e.code === -32602);
  const far = await server.connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position: { line: 1000, character: 1000 }, context: { triggerKind: 1 } });
  assert.ok(Array.isArray(far.items));
  const unknownDoc = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///never/opened.c' }, position: { line: 0, character: 0 } });
  assert.equal(unknownDoc, null);
  assert.equal(await server.stop(), 0);
});

test('a 5 MB document and 1,000 rapid changes interleaved with requests: all answered, memory bounded', async () => {
  const server = await startServer({ initializationOptions: { maxLength: 40 } });
  const line = 'static int counter_value = compute(alpha, beta) + 1; /* filler */\n';
  const huge = line.repeat(Math.ceil(5 * 1024 * 1024 / line.length));
  await server.open(uri, huge);
  const lines = huge.split('\n').length - 1;
  const mid = { line: Math.floor(lines / 2), character: 10 };
  const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: mid });
  assert.ok(hover.contents.value.length > 0);

  const pending = [];
  let version = 2;
  let character = 0;
  const typing = { line: lines, character: 0 };
  for (let i = 0; i < 1000; i++) {
    const at = { line: typing.line, character };
    server.connection.sendNotification('textDocument/didChange',
      { textDocument: { uri, version: version++ }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
    character++;
    if (i % 10 === 0) {
      pending.push(server.connection.sendRequest('textDocument/inlineCompletion',
        { textDocument: { uri }, position: { line: typing.line, character }, context: { triggerKind: 2 } }));
    }
    if (i % 50 === 0) {
      pending.push(server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: typing.line, character } }));
    }
  }
  const settled = await Promise.allSettled(pending);
  assert.equal(settled.length, 120);
  for (const s of settled) {
    if (s.status === 'rejected') assert.equal(s.reason.code, -32800, `unexpected error ${s.reason.message}`);
  }
  assert.ok(settled.some(s => s.status === 'fulfilled'), 'the newest requests are answered with results');
  // The server's text matches what we typed: the hovered last line has 1,000 characters.
  const last = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: lines, character: 500 } });
  assert.match(last.contents.value, /over 1000 chars of this line/);
  const rss = server.rssMiB();
  console.log(`server RSS after 5 MB document + 1,000 changes: ${rss.toFixed(0)} MiB`);
  assert.ok(rss < RSS_CEILING_MIB, `RSS ${rss} MiB over ${RSS_CEILING_MIB}`);
  assert.equal(await server.stop(), 0);
});
