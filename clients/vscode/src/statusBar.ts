// The one status bar item: which model is served, training progress, or what went wrong.
import * as vscode from 'vscode';
import { readModelSummary, statusText } from './modelSummary';

export class CharRnnStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('charrnn.status', vscode.StatusBarAlignment.Right, 100);
  private training = false;

  constructor() {
    this.item.name = 'CharRNN';
    this.showText('$(loading~spin) CharRNN', 'starting the language server', 'charrnn.showLog');
    this.item.show();
  }

  /** Shows the model at this path, or how to get one. */
  async showModel(modelPath: string | undefined): Promise<void> {
    if (this.training) return;
    if (modelPath === undefined) {
      this.showText('CharRNN: no workspace', 'open a folder to train or serve a model', 'charrnn.selectModel');
      return;
    }
    try {
      const summary = await readModelSummary(modelPath);
      if (this.training) return;
      this.showText(statusText(summary), `${modelPath}\nvocabulary ${summary.vocabSize}` +
        (summary.iterations === undefined ? '' : `, ${summary.iterations} iterations`) + '\nclick to pick another model', 'charrnn.selectModel');
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      this.showText(missing ? '$(beaker) CharRNN: no model' : '$(warning) CharRNN: bad model',
        missing ? `no model at ${modelPath}; click to train one on this workspace` : `${modelPath}: ${(e as Error).message}`,
        missing ? 'charrnn.train' : 'charrnn.selectModel');
    }
  }

  showTraining(text: string): void {
    this.training = true;
    this.showText(`$(sync~spin) CharRNN training: ${text}`, 'training a model on this workspace; click for the log', 'charrnn.showTrainingLog');
  }

  trainingEnded(): void {
    this.training = false;
  }

  showError(text: string, detail?: string): void {
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.text = `$(error) CharRNN: ${text}`;
    this.item.tooltip = `${detail ?? text}\nclick for the server log`;
    this.item.command = 'charrnn.showLog';
  }

  dispose(): void {
    this.item.dispose();
  }

  private showText(text: string, tooltip: string, command: string): void {
    this.item.backgroundColor = undefined;
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
  }
}
