// The one status bar item: which model the server serves (from charrnn/modelStatus), training progress, or what
// went wrong.
import * as vscode from 'vscode';
import { ModelStatus, statusView } from './modelStatus';

export class CharRnnStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('charrnn.status', vscode.StatusBarAlignment.Right, 100);
  private training = false;
  private latest: ModelStatus | undefined;
  private baseTooltip = '';
  private documentLine: string | undefined;

  constructor() {
    this.item.name = 'CharRNN';
    this.showText('$(loading~spin) CharRNN', 'starting the language server', 'charrnn.showLog');
    this.item.show();
  }

  /** Shows the server's latest model status; while training, keeps it for when training ends. */
  showStatus(status: ModelStatus): void {
    this.latest = status;
    if (this.training) return;
    const view = statusView(status);
    this.showText(view.text, view.tooltip, view.command);
  }

  showTraining(text: string): void {
    this.training = true;
    this.showText(`$(sync~spin) CharRNN training: ${text}`, 'training a model on this workspace; click for the log', 'charrnn.showTrainingLog');
  }

  trainingEnded(): void {
    this.training = false;
    if (this.latest !== undefined) this.showStatus(this.latest);
  }

  showError(text: string, detail?: string): void {
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.text = `$(error) CharRNN: ${text}`;
    this.item.tooltip = `${detail ?? text}\nclick for the server log`;
    this.item.command = 'charrnn.showLog';
  }

  /** A line about the active document (its adaptation), shown under the tooltip; undefined removes it. */
  setDocumentLine(line: string | undefined): void {
    this.documentLine = line;
    this.item.tooltip = this.documentLine === undefined ? this.baseTooltip : `${this.baseTooltip}\n${this.documentLine}`;
  }

  dispose(): void {
    this.item.dispose();
  }

  private showText(text: string, tooltip: string, command: string): void {
    this.item.backgroundColor = undefined;
    this.item.text = text;
    this.baseTooltip = tooltip;
    this.setDocumentLine(this.documentLine);
    this.item.command = command;
  }
}
