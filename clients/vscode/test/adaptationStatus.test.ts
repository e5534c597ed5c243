import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { adaptationLine } from '../src/adaptationStatus';

test('the tooltip says whether the document is adapted', () => {
  const base = { uri: 'file:///a.c', adaptedChars: 12345, documentChars: 20000, version: 193 };
  assert.equal(adaptationLine({ ...base, state: 'adapted' }), 'this document: adapted (model learned 12,345 chars of it, version 193)');
  assert.match(adaptationLine({ ...base, state: 'adapting' })!, /adapting \(12,345 of 20,000 chars read\)/);
  assert.match(adaptationLine({ ...base, state: 'diverged', reason: 'loss 9.1' })!, /trained weights \(loss 9\.1\)/);
  assert.match(adaptationLine({ ...base, state: 'static' })!, /not adapted/);
  assert.equal(adaptationLine(undefined), undefined);
});
