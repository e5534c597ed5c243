// Latency benchmark: opens a real C file with one region cut out, then types that region back one keystroke at a
// time. After each keystroke: textDocument/inlineCompletion (automatic trigger, suggestions <= 80 chars), awaited
// before the next keystroke as an editor would; every HOVER_EVERY keystrokes a hover at the cursor.
// With OTHER_FILE... those are opened first and the benchmark waits until the server has adapted all of them and the
// typed file (charrnn/adaptationStatus), so the server holds that many adapted documents while typing.
// Usage: node bench.mjs SERVER_EXE MODEL C_FILE [KEYSTROKES] [OTHER_FILE...]
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const [serverExe, modelPath, cFile, keystrokeArg, ...otherFiles] = process.argv.slice(2);
if (!serverExe || !modelPath || !cFile) {
  console.error('usage: node bench.mjs SERVER_EXE MODEL C_FILE [KEYSTROKES]');
  process.exit(2);
}
const KEYSTROKES = Number(keystrokeArg ?? 600);
const HOVER_EVERY = 10;
const WARMUP = 20;

const source = readFileSync(cFile, 'utf8');
// Cut the region to retype from the middle of the file, starting at a line start.
const cutStart = source.indexOf('\n', Math.floor(source.length / 2)) + 1;
const typed = source.slice(cutStart, cutStart + KEYSTROKES);
const initial = source.slice(0, cutStart) + source.slice(cutStart + typed.length);

const child = spawn(serverExe, ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let loaded;
const modelReady = new Promise(resolve => { loaded = resolve; });
connection.onNotification('charrnn/modelStatus', p => { if (p.state === 'loaded') loaded(`serving ${p.model.description} from ${p.path}`); });
const adaptation = new Map(); // uri -> latest charrnn/adaptationStatus
let adaptationChanged = () => {};
connection.onNotification('charrnn/adaptationStatus', s => { adaptation.set(s.uri, s); adaptationChanged(); });
connection.listen();
await connection.sendRequest('initialize', {
  processId: process.pid, rootUri: null, capabilities: {},
  initializationOptions: { modelPath, maxLength: 80, seed: 1 },
});
connection.sendNotification('initialized', {});
console.log(await modelReady);

const uri = 'file:///bench/' + cFile.split('/').pop();
const others = otherFiles.map(file => ({ uri: 'file:///bench/other/' + file.split('/').pop(), text: readFileSync(file, 'utf8') }));
for (const other of others)
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other.uri, languageId: 'c', version: 1, text: other.text } });
connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text: initial } });
// One inline request per document makes its cursor known to the server (where it builds the experts).
for (const document of [...others, { uri, text: initial }])
  await connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri: document.uri }, position: { line: 0, character: 0 }, context: { triggerKind: 2 } });
let adaptSeconds = 0;
if (others.length > 0) {
  const started = performance.now();
  const adapted = () => [...others, { uri }].every(d => adaptation.get(d.uri)?.state === 'adapted');
  await new Promise(resolve => { adaptationChanged = () => { if (adapted()) resolve(); }; adaptationChanged(); });
  adaptSeconds = (performance.now() - started) / 1000;
  console.log(`${others.length + 1} documents adapted in ${adaptSeconds.toFixed(1)} s`);
}

// Track the cursor as (line, UTF-16 character) while typing.
const before = initial.slice(0, cutStart).split('\n');
let line = before.length - 1;
let character = before[before.length - 1].length;
// CPU time the server spends is a load-independent companion to wall-clock latency on a shared machine.
const cpuSeconds = () => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const cpuAtStart = cpuSeconds();
const inline = [];
const hover = [];
let suggestionsShown = 0;
for (let i = 0; i < typed.length; i++) {
  const ch = typed[i];
  const at = { line, character };
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: at, end: at }, text: ch }] });
  if (ch === '\n') { line++; character = 0; } else character += ch.length;
  const position = { line, character };
  let t = performance.now();
  const result = await connection.sendRequest('textDocument/inlineCompletion',
    { textDocument: { uri }, position, context: { triggerKind: 2 } });
  if (i >= WARMUP) inline.push(performance.now() - t);
  suggestionsShown += result.items.length;
  if (i % HOVER_EVERY === 0) {
    t = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    if (i >= WARMUP) hover.push(performance.now() - t);
  }
}
const serverCpuMsPerKeystroke = (cpuSeconds() - cpuAtStart) * 1000 / typed.length;
const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
await connection.sendRequest('shutdown');
connection.sendNotification('exit');

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const report = {
  file: cFile, documentChars: source.length, keystrokes: typed.length,
  inline: { n: inline.length, p50: pct(inline, 50), p95: pct(inline, 95), max: Math.max(...inline), targetP95: 15 },
  hover: { n: hover.length, p50: pct(hover, 50), p95: pct(hover, 95), max: Math.max(...hover), targetP95: 50 },
  suggestionsShown, serverRssMiB: rssMiB, serverCpuMsPerKeystroke,
  adaptedDocuments: [...adaptation.values()].filter(s => s.state === 'adapted' || s.state === 'adapting').length, adaptSeconds,
  loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/server-latency.json', import.meta.url), JSON.stringify(report, null, 2));
