// The CharRNN commands. What the server serves comes from its charrnn/modelStatus (ServerConnection.modelStatus),
// never from reading settings or checkpoint files here.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { workspaceFolderPath } from './languageClient';
import { servedPath } from './modelStatus';
import { ServerConnection } from './serverConnection';
import { CharRnnStatusBar } from './statusBar';
import { locateTool } from './toolLocator';
import { runTraining } from './trainCommand';
import { showVisualization } from './visualization';

export interface CommandContext {
  extensionPath: string;
  server: ServerConnection;
  status: CharRnnStatusBar;
  log: vscode.LogOutputChannel;
  trainingLog: vscode.OutputChannel;
  /** Reports a failure in the log, the status bar and a notification. */
  fail(message: string): void;
}

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('charrnn.showLog', () => c.log.show()),
    vscode.commands.registerCommand('charrnn.showTrainingLog', () => c.trainingLog.show()),
    vscode.commands.registerCommand('charrnn.triggerInline', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),
    vscode.commands.registerCommand('charrnn.reload', () => reload(c)),
    vscode.commands.registerCommand('charrnn.selectModel', selectModel),
    vscode.commands.registerCommand('charrnn.train', () => train(c)),
    vscode.commands.registerCommand('charrnn.hallucinate', () => hallucinate(c)),
    vscode.commands.registerCommand('charrnn.showVisualization', () => visualize(c)),
  ];
}

/** Asks the server to reload; its one-line outcome ("loaded lstm 2x128, vocabulary 96 from ...") is shown, as
 * information when the status it sent meanwhile says the model is loaded, else as a warning. */
async function reload(c: CommandContext): Promise<void> {
  const client = c.server.running();
  if (!client) return;
  const outcome = String(await client.sendRequest(ExecuteCommandRequest.type, { command: 'charrnn.reloadModel', arguments: [] }));
  c.log.info(`reload: ${outcome}`);
  if (c.server.modelStatus?.state === 'loaded') void vscode.window.showInformationMessage(`CharRNN: ${outcome}`);
  else void vscode.window.showWarningMessage(`CharRNN: ${outcome}`);
}

async function selectModel(): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false, filters: { 'CharRNN checkpoints': ['safetensors'] }, openLabel: 'Serve this model',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked?.[0]) return;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  // The settings listener passes it on; the server's status then reports the new model.
  await vscode.workspace.getConfiguration('charrnn').update('modelPath', picked[0].fsPath, target);
}

/** Trains into the path the server serves from, so the server picks the model up by itself. */
async function train(c: CommandContext): Promise<void> {
  const workspace = workspaceFolderPath();
  if (workspace === undefined) { void vscode.window.showErrorMessage('CharRNN: open a folder to train on.'); return; }
  const trainer = locateTool('charrnn-train', c.extensionPath);
  if (!trainer.ok) { c.fail(trainer.error); return; }
  const extraArgs = vscode.workspace.getConfiguration('charrnn').get<string[]>('trainArgs', []);
  const { code, error, bestPath } = await runTraining({
    plan: trainer.plan, workspace, modelPath: c.server.modelStatus?.path, extraArgs, log: c.trainingLog,
    onProgress: text => c.status.showTraining(text),
  });
  c.status.trainingEnded();
  if (code === 0 || code === 130) {
    if (c.server.isRunning) await reload(c);
    void vscode.window.showInformationMessage(`CharRNN: model saved to ${bestPath ?? c.server.modelStatus?.path ?? workspace}`);
  } else {
    c.fail(`training failed (exit code ${code}${error === undefined ? '' : `: ${error}`}); see the "CharRNN Training" output`);
    c.trainingLog.show(true);
  }
}

async function hallucinate(c: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const client = c.server.running();
  if (!editor || !client) return;
  if (c.server.modelStatus?.model === undefined) { offerTraining(); return; }
  const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'CharRNN: hallucinating' },
    () => client.sendRequest(ExecuteCommandRequest.type, {
      command: 'charrnn.sampleAtPosition',
      arguments: [{ textDocument: { uri: editor.document.uri.toString() }, position: client.code2ProtocolConverter.asPosition(editor.selection.active) }],
    }));
  if (typeof text !== 'string' || text === '') {
    void vscode.window.showWarningMessage('CharRNN: the model imagined nothing here.');
    return;
  }
  const document = await vscode.workspace.openTextDocument({ content: text, language: editor.document.languageId });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

async function visualize(c: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('CharRNN: open a saved file of the workspace to visualize the cells on it.');
    return;
  }
  const model = servedPath(c.server.modelStatus);
  if (model === undefined) { offerTraining(); return; }
  const trainer = locateTool('charrnn-train', c.extensionPath);
  if (!trainer.ok) { c.fail(trainer.error); return; }
  try {
    await showVisualization(trainer.plan, model, editor.document.uri.fsPath, c.trainingLog);
  } catch (e) {
    c.fail(`visualization failed: ${(e as Error).message}`);
  }
}

/** Offers to train a model where a command needs one and the server serves none. */
export function offerTraining(): void {
  void vscode.window.showInformationMessage('CharRNN: there is no model for this workspace yet.', 'Train one now')
    .then(choice => { if (choice) void vscode.commands.executeCommand('charrnn.train'); });
}
