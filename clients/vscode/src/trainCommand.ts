// "CharRNN: Train a model on this workspace": runs charrnn-train as a child process with `--progress json`,
// shows its events in a cancellable notification and the status bar, then has the server load the new checkpoint.
import { spawn } from 'child_process';
import * as vscode from 'vscode';
import { LaunchPlan } from './serverLaunch';
import { describeEvent, parseProgressLine, TrainingState } from './trainingProgress';

export interface TrainRequest {
  plan: LaunchPlan;
  workspace: string;
  /** Where to save the model: the path the server serves from. Undefined: the trainer's default (relative to the
   * workspace, the same default as the server's). */
  modelPath: string | undefined;
  extraArgs: string[];
  log: vscode.OutputChannel;
  onProgress: (text: string) => void;
}

export interface TrainOutcome {
  /** The exit code; the checkpoint exists when it is 0 (or 130: stopped by the user, state saved). */
  code: number;
  /** The trainer's one-line reason when it failed. */
  error?: string;
  /** Where the best model was saved, as the trainer reported when it stopped. */
  bestPath?: string;
}

export function runTraining(request: TrainRequest): Thenable<TrainOutcome> {
  const out = request.modelPath === undefined ? [] : ['--out', request.modelPath];
  const args = [...request.plan.args, request.workspace, ...out, '--progress', 'json', ...request.extraArgs];
  request.log.appendLine(`$ ${request.plan.command} ${args.join(' ')}`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'CharRNN: training', cancellable: true },
    (progress, token) => new Promise<TrainOutcome>(resolve => {
      const child = spawn(request.plan.command, args, { cwd: request.workspace, stdio: ['ignore', 'pipe', 'pipe'] });
      const state = new TrainingState();
      const started = Date.now();
      let reported = 0;
      // Ctrl-C semantics: the trainer finishes the iteration, saves, and exits 130.
      token.onCancellationRequested(() => child.kill('SIGINT'));
      const onLine = (line: string) => {
        const event = parseProgressLine(line);
        if (event === undefined) { request.log.appendLine(line); return; } // stderr, or an event this version does not know
        const logLine = describeEvent(event);
        if (logLine !== undefined) request.log.appendLine(logLine);
        state.apply(event);
        if (event.event !== 'iteration' && event.event !== 'evaluation') return;
        const fraction = state.fractionDone((Date.now() - started) / 1000);
        const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
        const increment = percent === undefined ? undefined : Math.max(0, percent - reported);
        if (percent !== undefined) reported = Math.max(reported, percent);
        const text = state.describe();
        progress.report({ message: text, increment });
        request.onProgress(percent === undefined ? text : `${percent}% · ${text}`);
      };
      splitLines(child.stdout, onLine);
      splitLines(child.stderr, onLine);
      child.on('error', e => {
        request.log.appendLine(`cannot start ${request.plan.command}: ${e.message}`);
        resolve({ code: -1, error: e.message });
      });
      child.on('close', code => {
        request.log.appendLine(`charrnn-train exited with ${code}`);
        resolve({ code: code ?? -1, error: state.error, bestPath: state.bestPath });
      });
    }));
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (pending + chunk).split(/\r?\n|\r/);
    pending = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  stream.on('end', () => { if (pending !== '') onLine(pending); });
}
