// Entry point: wires the output channels, the status bar, the language server (serverConnection.ts) and the
// commands (commands.ts).
import * as vscode from 'vscode';
import { AdaptationStatus, adaptationLine } from './adaptationStatus';
import { offerTraining, registerCommands } from './commands';
import { needsTraining } from './modelStatus';
import { ServerConnection } from './serverConnection';
import { CharRnnStatusBar } from './statusBar';

let server: ServerConnection | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('CharRNN', { log: true });
  const trainingLog = vscode.window.createOutputChannel('CharRNN Training');
  const trace = vscode.window.createOutputChannel('CharRNN Trace', { log: true });
  const status = new CharRnnStatusBar();
  const fail = (message: string) => {
    log.error(message);
    status.showError(message.length > 40 ? 'error' : message, message);
    void vscode.window.showErrorMessage(`CharRNN: ${message}`, 'Show log').then(choice => { if (choice) log.show(); });
  };
  server = new ServerConnection(context.extensionPath, log, trace, { failed: fail, stopped: reason => status.showError(reason) });
  context.subscriptions.push(log, trainingLog, trace, status, server);

  // The server tells the status bar what it serves; the first time it has nothing to serve, offer to train.
  let offeredTraining = false;
  context.subscriptions.push(server.onModelStatus(modelStatus => {
    status.showStatus(modelStatus);
    if (needsTraining(modelStatus) && !offeredTraining) {
      offeredTraining = true;
      offerTraining();
    }
  }));

  // The tooltip says whether the active editor's document is adapted (the server's charrnn/adaptationStatus).
  const adaptation = new Map<string, AdaptationStatus>();
  const showActiveAdaptation = () =>
    status.setDocumentLine(adaptationLine(adaptation.get(vscode.window.activeTextEditor?.document.uri.toString() ?? '')));
  context.subscriptions.push(
    server.onAdaptationStatus(params => { adaptation.set(params.uri, params); showActiveAdaptation(); }),
    vscode.window.onDidChangeActiveTextEditor(showActiveAdaptation),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async e => {
      if (!e.affectsConfiguration('charrnn')) return;
      if (e.affectsConfiguration('charrnn.serverPath') || e.affectsConfiguration('charrnn.serverLogLevel')) await server?.restart();
      else await server?.sendSettings();
    }),
    ...registerCommands({ extensionPath: context.extensionPath, server, status, log, trainingLog, fail }),
  );

  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
