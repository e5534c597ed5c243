import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEvent, formatSeconds, parseProgressLine, TrainingState } from '../src/trainingProgress';

// Lines as `charrnn-train --progress json` writes them (docs/training-progress.md).
const iteration = '{"event":"iteration","iteration":120,"epoch":1.54,"loss":2.1345,"averageLoss":2.2001,"learningRate":0.002,"charsPerSecond":19800,"etaSeconds":65}';
const best = '{"event":"evaluation","iteration":200,"epoch":2,"valLoss":2.2818,"bitsPerChar":3.2919,"improved":true,"bestValLoss":2.2818,"evalsWithoutImprovement":0}';
const worse = '{"event":"evaluation","iteration":400,"epoch":4,"valLoss":2.3,"bitsPerChar":3.3182,"improved":false,"bestValLoss":2.2818,"evalsWithoutImprovement":1}';

test('parses an iteration event as the trainer writes it', () => {
  const e = parseProgressLine(iteration);
  assert.ok(e?.event === 'iteration');
  assert.equal(e.iteration, 120);
  assert.equal(e.charsPerSecond, 19800);
  assert.equal(e.etaSeconds, 65);
});

test('an iteration without a budget has no ETA, and the state keeps none', () => {
  const e = parseProgressLine('{"event":"iteration","iteration":10,"epoch":0.01,"loss":4.1,"averageLoss":4.15,"learningRate":0.002,"charsPerSecond":3200}');
  assert.ok(e?.event === 'iteration');
  const s = new TrainingState();
  s.apply(e);
  assert.equal(s.etaSeconds, undefined);
  assert.equal(s.fractionDone(5), undefined);
  assert.equal(s.charsPerSecond, 3200);
});

test('evaluations say whether they improved', () => {
  const b = parseProgressLine(best);
  const w = parseProgressLine(worse);
  assert.ok(b?.event === 'evaluation' && b.improved);
  assert.ok(w?.event === 'evaluation' && !w.improved);
  assert.equal(describeEvent(b), 'iter 200: val 3.2919 bits/char (best so far, saved)');
});

test('lines that are not events are not progress', () => {
  assert.equal(parseProgressLine('charrnn-train: corpus: corpus path does not exist: /x'), undefined);
  assert.equal(parseProgressLine('{"event":"from-the-future","x":1}'), undefined);
  assert.equal(parseProgressLine('[1,2]'), undefined);
  assert.equal(parseProgressLine('null'), undefined);
  assert.equal(parseProgressLine(''), undefined);
});

test('an error event keeps the trainer\'s reason', () => {
  const s = new TrainingState();
  const e = parseProgressLine('{"event":"error","kind":"corpus","message":"corpus path does not exist: /x","exitCode":3}');
  assert.ok(e);
  s.apply(e);
  assert.equal(s.error, 'corpus path does not exist: /x');
  assert.equal(describeEvent(e), undefined); // stderr has the same line
});

test('the log gets a line for what the notification does not show', () => {
  const reading = parseProgressLine('{"event":"reading","corpus":{"root":"/w","source":"git","fileCount":3,"chars":900,"bytes":900,"skippedCounts":{"binary":2},"skippedExamples":{},"warnings":[]}}');
  assert.ok(reading);
  assert.equal(describeEvent(reading), 'read /w: 3 files, 900 chars; skipped 2 binary');
  const sample = parseProgressLine('{"event":"sample","iteration":40,"text":"int a;\\u001cb"}');
  assert.ok(sample);
  assert.equal(describeEvent(sample), '----- sample at iteration 40 -----\nint a;\n<<file>>\nb\n-----');
  const it = parseProgressLine(iteration);
  assert.ok(it);
  assert.equal(describeEvent(it), undefined);
});

test('durations in the status format', () => {
  assert.equal(formatSeconds(45), '45s');
  assert.equal(formatSeconds(185), '3m05s');
  assert.equal(formatSeconds(3720), '1h02m');
});

test('state tracks the best validation and the fraction done', () => {
  const s = new TrainingState();
  assert.equal(s.fractionDone(10), undefined);
  for (const line of [
    '{"event":"iteration","iteration":10,"epoch":0.1,"loss":3,"averageLoss":3.1,"learningRate":0.002,"charsPerSecond":10000,"etaSeconds":30}',
    '{"event":"evaluation","iteration":20,"epoch":0.2,"valLoss":2,"bitsPerChar":2.8854,"improved":true,"bestValLoss":2,"evalsWithoutImprovement":0}',
    '{"event":"evaluation","iteration":40,"epoch":0.4,"valLoss":2.2,"bitsPerChar":3.1739,"improved":false,"bestValLoss":2,"evalsWithoutImprovement":1}']) {
    const e = parseProgressLine(line);
    assert.ok(e);
    s.apply(e);
  }
  assert.equal(s.bestBitsPerChar, 2.8854);
  assert.equal(s.iteration, 40);
  assert.equal(s.fractionDone(10), 0.25);
  assert.equal(s.describe(), 'iter 40 · loss 3.00 · val 2.89 bpc · ETA 30s');
});

test('the state keeps where the trainer saved the best model', () => {
  const e = parseProgressLine('{"event":"stopped","reason":"time budget","iteration":50,"elapsedSeconds":12.5,"bestValLoss":2.1,"bestPath":"/ws/.charrnn/model.safetensors","latestPath":"/ws/.charrnn/model.latest.safetensors"}');
  assert.ok(e?.event === 'stopped');
  const s = new TrainingState();
  assert.equal(s.bestPath, undefined);
  s.apply(e);
  assert.equal(s.bestPath, '/ws/.charrnn/model.safetensors');
});
