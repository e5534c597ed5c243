import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, withTimeout } from '../lib/server.mjs';

// An identifier the training corpus (this repository's src/) never contained, defined and used in the document.
const identifier = 'quixotic_zephyr_lantern_count';
const prefix = 'quixotic_';
const source = [
  `static int ${identifier};`,
  `void reset_all(void) { ${identifier} = 0; }`,
  `void bump_one(void) { ${identifier}++; }`,
  `void drop_one(void) { ${identifier}--; }`,
  `int read_value(void) { return ${prefix}`,
].join('\n');
const uri = 'file:///tmp/lanterns.c';
const end = { line: 4, character: source.split('\n')[4].length };

async function ghostText(settings) {
  const server = await startServer({ initializationOptions: { seed: 5, ...settings } });
  const adapted = new Promise(resolve => server.connection.onNotification('charrnn/adaptationStatus', status => {
    if (status.uri === uri && status.state === 'adapted' && status.documentChars === source.length) resolve(status);
  }));
  await server.open(uri, source);
  const status = settings.adaptation ? await withTimeout(adapted, 30000, 'adaptation status') : undefined;
  const result = await server.connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position: end, context: { triggerKind: 2 } });
  const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
  assert.equal(await server.stop(), 0);
  return { text: result.items[0]?.insertText ?? '', status, hover: hover.contents.value };
}

test('after adaptation the ghost text completes an identifier only this document defines', async () => {
  const off = await ghostText({ adaptation: false, documentCache: false, matchModel: false });
  assert.ok(!off.text.startsWith(identifier.slice(prefix.length)), `static model: ${JSON.stringify(off.text)}`);
  assert.doesNotMatch(off.hover, /before adaptation/);

  const on = await ghostText({ adaptation: true, documentCache: true, matchModel: true });
  assert.ok(on.text.startsWith(identifier.slice(prefix.length)), `adapted: ${JSON.stringify(on.text)}`);
  assert.ok(on.status.adaptedChars >= source.length && on.status.version > 0);
  // The hover compares the adapted weights with the trained ones on the hovered line.
  assert.match(on.hover, /bits\/char over \d+ chars of this line \(adapted to this document; \d+\.\d\d before adaptation\)/);
});
