// Entry point: starts the language server, keeps the status bar current and registers the commands.
import * as os from 'os';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, MessageType, ShowMessageNotification, State } from 'vscode-languageclient/node';
import { createLanguageClient, sendSettings, workspaceFolderPath } from './languageClient';
import { effectiveModelPath } from './settingsMapping';
import { CharRnnStatusBar } from './statusBar';
import { locateTool } from './toolLocator';
import { runTraining } from './trainCommand';
import { showVisualization } from './visualization';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('CharRNN', { log: true });
  const trainingLog = vscode.window.createOutputChannel('CharRNN Training');
  const trace = vscode.window.createOutputChannel('CharRNN Trace', { log: true });
  const status = new CharRnnStatusBar();
  context.subscriptions.push(log, trainingLog, trace, status);

  const modelPath = () => effectiveModelPath(vscode.workspace.getConfiguration('charrnn').get('modelPath'), workspaceFolderPath(), os.homedir());
  const refreshStatus = () => status.showModel(modelPath());
  const fail = (message: string) => {
    log.error(message);
    status.showError(message.length > 40 ? 'error' : message, message);
    void vscode.window.showErrorMessage(`CharRNN: ${message}`, 'Show log').then(choice => { if (choice) log.show(); });
  };

  const startServer = async () => {
    const launch = locateTool('charrnn-lsp', context.extensionPath);
    if (!launch.ok) { fail(launch.error); return; }
    log.info(`starting ${launch.plan.command} ${launch.plan.args.join(' ')} (${launch.plan.source})`);
    const next = createLanguageClient(launch.plan, log, trace, reason => status.showError(reason));
    client = next;
    next.onNotification(ShowMessageNotification.type, params => showServerMessage(params.type, params.message));
    try {
      await next.start();
      await refreshStatus();
    } catch (e) {
      fail(`cannot start the language server ${launch.plan.command}: ${(e as Error).message}`);
    }
  };

  const running = (): LanguageClient | undefined => {
    if (client?.state === State.Running) return client;
    void vscode.window.showErrorMessage('CharRNN: the language server is not running; see "CharRNN: Show server log".');
    return undefined;
  };

  const reloadModel = async () => {
    const c = running();
    if (!c) return;
    const outcome = await c.sendRequest(ExecuteCommandRequest.type, { command: 'charrnn.reloadModel', arguments: [] });
    log.info(`reload: ${String(outcome)}`);
    await refreshStatus();
    return outcome;
  };

  // Keep the status bar in step with the checkpoint on disk (the server reloads it by itself).
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.safetensors');
  watcher.onDidChange(refreshStatus);
  watcher.onDidCreate(refreshStatus);
  watcher.onDidDelete(refreshStatus);
  context.subscriptions.push(watcher);

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async e => {
      if (!e.affectsConfiguration('charrnn')) return;
      if (e.affectsConfiguration('charrnn.serverPath') || e.affectsConfiguration('charrnn.serverLogLevel')) {
        await client?.stop().catch(() => undefined);
        await startServer();
        return;
      }
      if (client?.state === State.Running) await sendSettings(client);
      await refreshStatus();
    }),

    vscode.commands.registerCommand('charrnn.showLog', () => log.show()),
    vscode.commands.registerCommand('charrnn.showTrainingLog', () => trainingLog.show()),
    vscode.commands.registerCommand('charrnn.reload', async () => {
      // The server's answer says what it now serves ("loaded lstm 2x128, vocabulary 96 from ...") or why not.
      const outcome = await reloadModel();
      if (typeof outcome !== 'string') return;
      if (outcome.startsWith('loaded ')) void vscode.window.showInformationMessage(`CharRNN: ${outcome}`);
      else void vscode.window.showWarningMessage(`CharRNN: ${outcome}`);
    }),
    vscode.commands.registerCommand('charrnn.triggerInline', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),

    vscode.commands.registerCommand('charrnn.selectModel', async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, filters: { 'CharRNN checkpoints': ['safetensors'] }, openLabel: 'Serve this model',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      if (!picked?.[0]) return;
      const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('charrnn').update('modelPath', picked[0].fsPath, target);
    }),

    vscode.commands.registerCommand('charrnn.train', async () => {
      const workspace = workspaceFolderPath();
      const out = modelPath();
      if (workspace === undefined || out === undefined) { void vscode.window.showErrorMessage('CharRNN: open a folder to train on.'); return; }
      const trainer = locateTool('charrnn-train', context.extensionPath);
      if (!trainer.ok) { fail(trainer.error); return; }
      const extraArgs = vscode.workspace.getConfiguration('charrnn').get<string[]>('trainArgs', []);
      const { code, error } = await runTraining({
        plan: trainer.plan, workspace, modelPath: out, extraArgs, log: trainingLog, onProgress: text => status.showTraining(text),
      });
      status.trainingEnded();
      if (code === 0 || code === 130) {
        if (client?.state === State.Running) await reloadModel();
        else await refreshStatus();
        void vscode.window.showInformationMessage(`CharRNN: model saved to ${out}`);
      } else {
        await refreshStatus();
        fail(`training failed (exit code ${code}${error === undefined ? '' : `: ${error}`}); see the "CharRNN Training" output`);
        trainingLog.show(true);
      }
    }),

    vscode.commands.registerCommand('charrnn.hallucinate', async () => {
      const editor = vscode.window.activeTextEditor;
      const c = running();
      if (!editor || !c) return;
      const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'CharRNN: hallucinating' },
        () => c.sendRequest(ExecuteCommandRequest.type, {
          command: 'charrnn.sampleAtPosition',
          arguments: [{ textDocument: { uri: editor.document.uri.toString() }, position: c.code2ProtocolConverter.asPosition(editor.selection.active) }],
        }));
      if (typeof text !== 'string' || text === '') {
        void vscode.window.showWarningMessage('CharRNN: no model loaded; train one first ("CharRNN: Train a model on this workspace").');
        return;
      }
      const document = await vscode.workspace.openTextDocument({ content: text, language: editor.document.languageId });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }),

    vscode.commands.registerCommand('charrnn.showVisualization', async () => {
      const editor = vscode.window.activeTextEditor;
      const model = modelPath();
      if (!editor || editor.document.uri.scheme !== 'file' || model === undefined) {
        void vscode.window.showErrorMessage('CharRNN: open a saved file of the workspace to visualize the cells on it.');
        return;
      }
      const trainer = locateTool('charrnn-train', context.extensionPath);
      if (!trainer.ok) { fail(trainer.error); return; }
      try {
        await showVisualization(trainer.plan, model, editor.document.uri.fsPath, trainingLog);
      } catch (e) {
        fail(`visualization failed: ${(e as Error).message}`);
      }
    }),
  );

  await startServer();
}

/** Server messages as notifications; "no model" gets a button that trains one instead of a command line to copy. */
function showServerMessage(type: MessageType, message: string): void {
  if (/no model/.test(message)) {
    void vscode.window.showInformationMessage('CharRNN: there is no model for this workspace yet.', 'Train one now')
      .then(choice => { if (choice) void vscode.commands.executeCommand('charrnn.train'); });
  } else if (type === MessageType.Error) {
    void vscode.window.showErrorMessage(message);
  } else if (type === MessageType.Warning) {
    void vscode.window.showWarningMessage(message);
  } else {
    void vscode.window.showInformationMessage(message);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
