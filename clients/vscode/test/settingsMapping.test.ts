import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandPath, serverSection, serverSettingKeys } from '../src/settingsMapping';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test('server section carries the set values under the server names', () => {
  const section = serverSection(reader({ temperature: 0.8, maxLength: 40, choices: 2, contextChars: 512, multiline: false,
    disabledLanguages: ['markdown'], hoverLength: 100, triggerCharacters: ['.'] }), '/ws', '/home/u');
  assert.deepEqual(section, { modelPath: null, temperature: 0.8, maxLength: 40, choices: 2, contextChars: 512, multiline: false,
    disabledLanguages: ['markdown'], seed: null, hoverLength: 100, triggerCharacters: ['.'] });
});

test('unset values are left to the server defaults, but modelPath and seed are cleared explicitly', () => {
  const section = serverSection(reader({}), undefined, '/home/u');
  assert.deepEqual(Object.keys(section).sort(), ['modelPath', 'seed']);
  assert.equal(section.modelPath, null);
  assert.equal(section.seed, null);
});

test('extension-only settings never reach the server', () => {
  const section = serverSection(reader({ serverPath: '/x', trainerPath: '/y', trainArgs: ['--max-time', '1m'], inlineDebounceMs: 5 }), '/ws', '/h');
  for (const key of Object.keys(section)) assert.ok((serverSettingKeys as readonly string[]).includes(key), key);
});

test('model path expands workspace folder and home, and blank means default', () => {
  assert.equal(serverSection(reader({ modelPath: '${workspaceFolder}/m/a.safetensors' }), '/ws', '/h').modelPath, '/ws/m/a.safetensors');
  assert.equal(serverSection(reader({ modelPath: '~/models/b.safetensors' }), '/ws', '/h').modelPath, '/h/models/b.safetensors');
  assert.equal(serverSection(reader({ modelPath: '   ' }), '/ws', '/h').modelPath, null);
  assert.equal(expandPath('rel/c.safetensors', '/ws', '/h'), 'rel/c.safetensors');
});

test('a seed must be a non-negative integer', () => {
  assert.equal(serverSection(reader({ seed: 7 }), '/ws', '/h').seed, 7);
  assert.equal(serverSection(reader({ seed: -1 }), '/ws', '/h').seed, null);
  assert.equal(serverSection(reader({ seed: 1.5 }), '/ws', '/h').seed, null);
});
