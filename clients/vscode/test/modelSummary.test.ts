import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModelSummary, readModelSummary, statusText } from '../src/modelSummary';

function header(training?: object): string {
  const metadata: Record<string, string> = {
    format: 'charrnn-lsp/1',
    config: JSON.stringify({ cell: 'lstm', vocab_size: 98, embedding_size: 64, hidden_size: 128, layers: 2, dropout: 0 }),
    vocabulary: '[-1]',
  };
  if (training) metadata.training = JSON.stringify(training);
  return JSON.stringify({ __metadata__: metadata, 'decoder.bias': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
}

test('status text shows the shape and best validation bits per char', () => {
  const s = parseModelSummary(header({ bestValLoss: 1.6, iteration: 300 }));
  assert.equal(s.iterations, 300);
  assert.equal(statusText(s), 'CharRNN LSTM 2x128 · 2.31 bpc');
});

test('no evaluation yet (Infinity is written as a string) shows the shape only', () => {
  assert.equal(statusText(parseModelSummary(header({ bestValLoss: 'Infinity' }))), 'CharRNN LSTM 2x128');
  assert.equal(statusText(parseModelSummary(header())), 'CharRNN LSTM 2x128');
});

test('other safetensors files are rejected', () => {
  assert.throws(() => parseModelSummary(JSON.stringify({ __metadata__: { format: 'pt' } })), /not a charrnn-lsp\/1 checkpoint/);
});

test('reads the header from a file with its 8-byte little-endian length', async () => {
  const text = Buffer.from(header({ bestValLoss: Math.LN2 * 3 }), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  const file = join(mkdtempSync(join(tmpdir(), 'charrnn-summary-')), 'm.safetensors');
  writeFileSync(file, Buffer.concat([length, text, Buffer.alloc(4)]));
  assert.equal((await readModelSummary(file)).bitsPerChar?.toFixed(6), '3.000000');
  writeFileSync(file, Buffer.concat([length, text.subarray(0, 10)]));
  await assert.rejects(readModelSummary(file), /truncated/);
});
