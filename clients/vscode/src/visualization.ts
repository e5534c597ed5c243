// "CharRNN: Show neuron visualization": `charrnn-train vis MODEL FILE --out HTML`, shown in a webview.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { LaunchPlan } from './serverLaunch';

export async function showVisualization(plan: LaunchPlan, modelPath: string, file: string, log: vscode.OutputChannel): Promise<void> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'charrnn-vis-')), 'cells.html');
  const args = [...plan.args, 'vis', modelPath, file, '--out', out];
  log.appendLine(`$ ${plan.command} ${args.join(' ')}`);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'CharRNN: tracing the cells' },
    () => new Promise<void>((resolve, reject) => {
      execFile(plan.command, args, { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        log.append(stdout + stderr);
        if (error) reject(new Error(firstLine(stderr) || error.message));
        else resolve();
      });
    }));
  const panel = vscode.window.createWebviewPanel('charrnn.visualization', `Cells: ${path.basename(file)}`, vscode.ViewColumn.Beside,
    { enableScripts: true });
  // The report is self-contained (inline styles and scripts, no network), so it can be set as is.
  panel.webview.html = fs.readFileSync(out, 'utf8');
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
}

function firstLine(text: string): string {
  return text.split('\n').map(l => l.trim()).find(l => l !== '') ?? '';
}
