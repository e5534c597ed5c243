import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledToolPath, checkoutDllCandidates, LaunchProbe, resolveTool } from '../src/serverLaunch';

function probe(files: string[], overrides: Partial<LaunchProbe> = {}, onPath: Record<string, string> = { dotnet: '/usr/bin/dotnet' }): LaunchProbe {
  return {
    configuredPath: undefined, settingName: 'charrnn.serverPath', extensionPath: '/repo/clients/vscode',
    platform: 'linux', arch: 'x64', exists: f => files.includes(f), which: n => onPath[n], ...overrides,
  };
}

test('the setting wins over a bundled build', () => {
  const bundled = bundledToolPath('/repo/clients/vscode', 'charrnn-lsp');
  const r = resolveTool('charrnn-lsp', probe(['/opt/charrnn-lsp', bundled], { configuredPath: '/opt/charrnn-lsp' }));
  assert.deepEqual(r, { ok: true, plan: { command: '/opt/charrnn-lsp', args: [], source: 'charrnn.serverPath' } });
});

test('a configured dll runs through dotnet', () => {
  const r = resolveTool('charrnn-lsp', probe(['/b/charrnn-lsp.dll'], { configuredPath: '/b/charrnn-lsp.dll' }));
  assert.ok(r.ok);
  assert.equal(r.plan.command, '/usr/bin/dotnet');
  assert.deepEqual(r.plan.args, ['/b/charrnn-lsp.dll']);
});

test('a configured path that does not exist is an error naming the setting, not a fallback', () => {
  const bundled = bundledToolPath('/repo/clients/vscode', 'charrnn-lsp');
  const r = resolveTool('charrnn-lsp', probe([bundled], { configuredPath: '/nope' }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /charrnn\.serverPath is "\/nope", which does not exist/);
});

test('the bundled build is used on linux-x64 only', () => {
  const bundled = bundledToolPath('/repo/clients/vscode', 'charrnn-lsp');
  const linux = resolveTool('charrnn-lsp', probe([bundled]));
  assert.ok(linux.ok && linux.plan.command === bundled);
  const mac = resolveTool('charrnn-lsp', probe([bundled], { platform: 'darwin', arch: 'arm64' }));
  assert.equal(mac.ok, false);
});

test('without a bundle, dotnet runs the checkout build, Release first', () => {
  const [release, debug] = checkoutDllCandidates('/repo/clients/vscode', 'charrnn-train');
  assert.equal(release, '/repo/src/Training/bin/Release/net10.0/charrnn-train.dll');
  const r = resolveTool('charrnn-train', probe([release, debug]));
  assert.ok(r.ok);
  assert.deepEqual([r.plan.command, ...r.plan.args], ['/usr/bin/dotnet', release]);
  const onlyDebug = resolveTool('charrnn-train', probe([debug]));
  assert.ok(onlyDebug.ok && onlyDebug.plan.args[0] === debug);
});

test('a built dll without dotnet falls through to PATH, then to an error listing what was tried', () => {
  const [release] = checkoutDllCandidates('/repo/clients/vscode', 'charrnn-lsp');
  const viaPath = resolveTool('charrnn-lsp', probe([release], {}, { 'charrnn-lsp': '/usr/local/bin/charrnn-lsp' }));
  assert.ok(viaPath.ok && viaPath.plan.command === '/usr/local/bin/charrnn-lsp');
  const none = resolveTool('charrnn-lsp', probe([release], {}, {}));
  assert.equal(none.ok, false);
  const error = !none.ok ? none.error : '';
  assert.match(error, /^cannot find charrnn-lsp: set charrnn\.serverPath/);
  assert.match(error, /no dotnet on PATH/);
});
