import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSeconds, parseDuration, parseTrainingLine, TrainingState } from '../src/trainingProgress';

test('parses an iteration line as the trainer prints it', () => {
  const e = parseTrainingLine('iter     120 | epoch   1.54 | loss 2.1345 (avg 2.2001) | lr 0.002 |   19.8k chars/s | ETA 1m05s');
  assert.deepEqual(e, { kind: 'iteration', iteration: 120, epoch: 1.54, loss: 2.1345, charsPerSecond: 19800, etaSeconds: 65 });
});

test('an iteration line without a budget has no ETA', () => {
  const e = parseTrainingLine('\riter      10 | epoch   0.01 | loss 4.1000 (avg 4.1500) | lr 0.002 |    3.2k chars/s');
  assert.ok(e?.kind === 'iteration');
  assert.equal(e.etaSeconds, undefined);
  assert.equal(e.charsPerSecond, 3200);
});

test('parses evaluation lines and whether they improved', () => {
  const best = parseTrainingLine('eval  iter 200: val loss 2.2818 nats/char = 3.2919 bits/char (best so far, saved)');
  assert.deepEqual(best, { kind: 'eval', iteration: 200, valLossNats: 2.2818, bitsPerChar: 3.2919, best: true });
  const worse = parseTrainingLine('eval  iter 400: val loss 2.3 nats/char = 3.3182 bits/char (best 2.2818; 1 without improvement)');
  assert.ok(worse?.kind === 'eval' && !worse.best);
});

test('other lines are not progress', () => {
  assert.equal(parseTrainingLine('model: lstm 2x128, embedding 64, vocabulary 98, 219,234 parameters (new)'), undefined);
  assert.equal(parseTrainingLine('----- sample at iteration 1000 -----'), undefined);
  assert.equal(parseTrainingLine('stopped: time budget after 300 iterations, 1m00s; best val loss 2.1 nats/char')?.kind, 'stopped');
});

test('durations in the trainer format', () => {
  assert.equal(parseDuration('45s'), 45);
  assert.equal(parseDuration('3m05s'), 185);
  assert.equal(parseDuration('1h02m'), 3720);
  assert.equal(parseDuration('soon'), undefined);
  assert.equal(parseDuration(''), undefined);
  assert.equal(formatSeconds(185), '3m05s');
  assert.equal(formatSeconds(3720), '1h02m');
});

test('state tracks the best validation and the fraction done', () => {
  const s = new TrainingState();
  assert.equal(s.fractionDone(10), undefined);
  for (const line of ['iter 10 | epoch 0.10 | loss 3.0000 (avg 3.1) | lr 0.002 | 10.0k chars/s | ETA 30s',
    'eval  iter 20: val loss 2.0 nats/char = 2.8854 bits/char (best so far, saved)',
    'eval  iter 40: val loss 2.2 nats/char = 3.1739 bits/char (best 2.0; 1 without improvement)']) {
    const e = parseTrainingLine(line);
    assert.ok(e);
    s.apply(e);
  }
  assert.equal(s.bestBitsPerChar, 2.8854);
  assert.equal(s.iteration, 40);
  assert.equal(s.fractionDone(10), 0.25);
  assert.equal(s.describe(), 'iter 40 · loss 3.00 · val 2.89 bpc · ETA 30s');
});
