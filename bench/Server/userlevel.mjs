// User-level benchmark of ghost text (issue 17, item 5): a real file the model never trained on is written top to
// bottom into the REAL server over stdio; at random cursors (after a line's indentation, after an identifier) the
// document holds exactly the text before the cursor, and the first inline completion is compared with what really
// follows. Reported per configuration and decoding: mean matched characters, share >= 5, share >= 10, first line exact.
// Usage: node userlevel.mjs SERVER_EXE MODEL FILE [FILE...] [--cursors N] [--seed S] [--configs a,b] [--decodings x,y] [--others N]
//   --others N: before each file, open the N other files of its folder (by name) as the workspace's other documents.
//   configs: static (adaptation, documentCache, matchModel off) and adapted (all on); decodings: sample, greedy, beam.
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i < 0 ? fallback : args.splice(i, 2)[1]; };
const CURSORS = Number(option('--cursors', 150));
const SEED = Number(option('--seed', 1));
const CONFIGS = option('--configs', 'static,adapted').split(',');
const DECODINGS = option('--decodings', 'sample,greedy,beam').split(',');
const OTHERS = Number(option('--others', 0));
const [serverExe, modelPath, ...files] = args;
if (!serverExe || !modelPath || files.length === 0) {
  console.error('usage: node userlevel.mjs SERVER_EXE MODEL FILE [FILE...] [--cursors N] [--seed S] [--configs static,adapted] [--decodings sample,greedy,beam]');
  process.exit(2);
}
const SETTINGS = {
  static: { adaptation: false, documentCache: false, matchModel: false },
  adapted: { adaptation: true, documentCache: true, matchModel: true },
};
const PIECE = 2048;          // text is added in pieces of this size, each followed by an unmeasured request, as typing would
const ADAPT_TIMEOUT_MS = 60000;

function mulberry32(seed) {
  return () => { seed |= 0; seed = (seed + 0x6D2B79F5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** Cursor candidates: after a line's indentation (next char not blank) and right after an identifier. */
function pickCursors(text, count, random) {
  const isWord = c => /[A-Za-z0-9_]/.test(c);
  const indent = [], ident = [];
  for (let i = 200; i < text.length - 20; i++) {
    const prev = text[i - 1], here = text[i];
    if (isWord(prev) && !isWord(here)) ident.push(i);
    if (!/\s/.test(here) && /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) indent.push(i);
  }
  const take = (pool, n) => { const chosen = new Set(); while (chosen.size < Math.min(n, pool.length)) chosen.add(pool[Math.floor(random() * pool.length)]); return [...chosen]; };
  return [...take(indent, count / 2).map(at => ({ at, kind: 'indent' })), ...take(ident, count / 2).map(at => ({ at, kind: 'identifier' }))]
    .sort((a, b) => a.at - b.at);
}

function positionOf(text) {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

async function startServer(settings) {
  const child = spawn(serverExe, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', () => {});
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let loaded;
  const ready = new Promise(resolve => { loaded = resolve; });
  const statuses = [];
  const waiters = [];
  connection.onNotification('window/logMessage', p => { if (p.message.includes('serving')) loaded(p.message); });
  connection.onNotification('charrnn/adaptationStatus', s => { statuses.push(s); for (const w of [...waiters]) w(s); });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {},
    initializationOptions: { modelPath, maxLength: 80, seed: 1, ...settings } });
  connection.sendNotification('initialized', {});
  await ready;
  /** Resolves once the server says the document of this length is read (adapted, or static with a mixer). */
  const readUpTo = (uri, length) => new Promise((resolve, reject) => {
    const done = s => s.uri === uri && s.documentChars === length && s.state !== 'adapting';
    if (statuses.some(done)) { resolve(); return; }
    const timer = setTimeout(() => reject(new Error(`no status for ${length} chars`)), ADAPT_TIMEOUT_MS);
    waiters.push(s => { if (done(s)) { clearTimeout(timer); resolve(); } });
  });
  return { child, connection, readUpTo };
}

function score(suggestion, truth) {
  let n = 0;
  while (n < suggestion.length && n < truth.length && suggestion[n] === truth[n]) n++;
  const firstLine = s => s.split('\n')[0];
  return { matched: n, firstLineExact: suggestion.length > 0 && firstLine(suggestion) === firstLine(truth) };
}

function summarize(rows) {
  const n = rows.length || 1;
  const mean = rows.reduce((a, r) => a + r.matched, 0) / n;
  const share = k => rows.filter(r => r.matched >= k).length / n;
  return { cursors: rows.length, meanMatched: +mean.toFixed(2), atLeast5: +share(5).toFixed(3), atLeast10: +share(10).toFixed(3),
    firstLineExact: +(rows.filter(r => r.firstLineExact).length / n).toFixed(3) };
}

const report = { model: modelPath, cursorsPerFile: CURSORS, seed: SEED, results: [] };
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const cursors = pickCursors(text, CURSORS, mulberry32(SEED));
  for (const config of CONFIGS) {
    const started = Date.now();
    const server = await startServer(SETTINGS[config]);
    const uri = `file:///bench/${basename(file)}`;
    const siblings = readdirSync(dirname(file)).filter(n => n.endsWith('.c') && n !== basename(file)).sort().slice(0, OTHERS);
    for (const name of siblings)
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `file:///bench/other/${name}`, languageId: 'c', version: 1,
        text: readFileSync(join(dirname(file), name), 'utf8') } });
    let written = cursors[0].at;
    let version = 1;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text: text.slice(0, written) } });
    const rows = Object.fromEntries(DECODINGS.map(d => [d, []]));
    let decoding;
    for (const cursor of cursors) {
      while (written < cursor.at) {
        const next = Math.min(cursor.at, written + PIECE);
        const at = positionOf(text.slice(0, written));
        server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version },
          contentChanges: [{ range: { start: at, end: at }, text: text.slice(written, next) }] });
        written = next;
        await server.connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri }, position: positionOf(text.slice(0, written)), context: { triggerKind: 2 } });
      }
      if (config !== 'static') await server.readUpTo(uri, written);
      const position = positionOf(text.slice(0, written));
      const truth = text.slice(written, written + 200);
      for (const mode of DECODINGS) {
        if (mode !== decoding) {
          server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { charrnn: { inlineDecoding: mode } } });
          decoding = mode;
        }
        const result = await server.connection.sendRequest('textDocument/inlineCompletion', { textDocument: { uri }, position, context: { triggerKind: 2 } });
        const suggestion = result.items[0]?.insertText ?? '';
        rows[mode].push({ kind: cursor.kind, ...score(suggestion, truth) });
      }
    }
    const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]) / 1024;
    await server.connection.sendRequest('shutdown');
    server.connection.sendNotification('exit');
    for (const mode of DECODINGS) {
      const all = rows[mode];
      const entry = { file: basename(file), config, decoding: mode, otherDocuments: OTHERS, all: summarize(all),
        indent: summarize(all.filter(r => r.kind === 'indent')), identifier: summarize(all.filter(r => r.kind === 'identifier')),
        seconds: Math.round((Date.now() - started) / 1000), serverRssMiB: Math.round(rssMiB) };
      report.results.push(entry);
      console.log(JSON.stringify(entry));
    }
  }
}
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/userlevel.json', import.meta.url), JSON.stringify(report, null, 2));
