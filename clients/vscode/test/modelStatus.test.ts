import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelLabel, ModelStatus, needsTraining, parseModelStatus, servedPath, statusView } from '../src/modelStatus';

// Params as the server sends them (docs/server.md, src/Server/Modeling/ModelStatus.cs).
const lstm = { description: 'lstm 2x128, vocabulary 98', cell: 'lstm', layers: 2, hiddenSize: 128, vocabularySize: 98, bitsPerChar: 2.3083, iterations: 300 };
const loaded: ModelStatus = { state: 'loaded', path: '/ws/.charrnn/model.safetensors', model: lstm };

test('a loaded model shows its shape and best bits per char, and a click picks another', () => {
  const view = statusView(loaded);
  assert.equal(view.text, 'CharRNN LSTM 2x128 · 2.31 bpc');
  assert.match(view.tooltip, /\/ws\/\.charrnn\/model\.safetensors\nlstm 2x128, vocabulary 98, 300 iterations/);
  assert.equal(view.command, 'charrnn.selectModel');
});

test('a model never evaluated shows its shape only', () => {
  const { bitsPerChar: _, ...unevaluated } = lstm;
  assert.equal(modelLabel(unevaluated), 'CharRNN LSTM 2x128');
});

test('no checkpoint and nothing serving: the click trains one, and it is the moment to offer training', () => {
  const missing: ModelStatus = { state: 'missing', path: '/ws/.charrnn/model.safetensors', reason: 'no model at /ws/.charrnn/model.safetensors' };
  const view = statusView(missing);
  assert.match(view.text, /no model/);
  assert.equal(view.command, 'charrnn.train');
  assert.ok(needsTraining(missing));
  assert.equal(servedPath(missing), undefined);
});

test('a failed reload keeps showing the model that still serves, with the reason', () => {
  const failed: ModelStatus = { state: 'failed', path: '/ws/m.safetensors', model: lstm, reason: 'cannot load model /ws/m.safetensors: truncated' };
  const view = statusView(failed);
  assert.match(view.text, /CharRNN LSTM 2x128 · 2\.31 bpc/);
  assert.match(view.tooltip, /truncated; the model loaded before keeps serving/);
  assert.ok(!needsTraining(failed));
  assert.equal(servedPath(failed), undefined); // the serving model did not come from this path
});

test('a removed checkpoint whose model still serves does not ask for training', () => {
  assert.ok(!needsTraining({ state: 'missing', path: '/ws/m.safetensors', model: lstm }));
});

test('a failed first load says the model is bad and points to picking another', () => {
  const view = statusView({ state: 'failed', path: '/ws/m.safetensors', reason: 'cannot load model /ws/m.safetensors: not a checkpoint' });
  assert.match(view.text, /bad model/);
  assert.equal(view.tooltip, 'cannot load model /ws/m.safetensors: not a checkpoint');
});

test('the served path is the status path only once that model is loaded', () => {
  assert.equal(servedPath(loaded), '/ws/.charrnn/model.safetensors');
  assert.equal(servedPath({ state: 'loading', path: '/ws/new.safetensors', model: lstm }), undefined);
  assert.equal(servedPath(undefined), undefined);
});

test('without a workspace there is nothing to serve', () => {
  assert.match(statusView({ state: 'none', reason: 'no model path (no workspace and no --model)' }).text, /no workspace/);
});

test('params that are not a known status are refused', () => {
  assert.deepEqual(parseModelStatus(loaded), loaded);
  assert.equal(parseModelStatus({ state: 'exploded' }), undefined);
  assert.equal(parseModelStatus({ state: 'loaded', model: 'lstm' }), undefined);
  assert.equal(parseModelStatus(null), undefined);
  assert.equal(parseModelStatus('loaded'), undefined);
});
