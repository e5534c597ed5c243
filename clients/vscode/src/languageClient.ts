// Starts charrnn-lsp over stdio through vscode-languageclient. Completion, hover and
// textDocument/inlineCompletion are forwarded by the client library; the middleware adds a debounce
// to automatic inline requests so typing does not queue a model run per keystroke. The client declares
// (capabilities.experimental.charrnnModelStatus) that it shows charrnn/modelStatus itself, so the server leaves
// its "no model" message to it.
import * as os from 'os';
import * as vscode from 'vscode';
import {
  ClientCapabilities, CloseAction, DidChangeConfigurationNotification, ErrorAction, FeatureState, LanguageClient, LanguageClientOptions,
  ServerOptions, StaticFeature, TransportKind,
} from 'vscode-languageclient/node';
import { LaunchPlan } from './serverLaunch';
import { serverSection } from './settingsMapping';

export function currentServerSection(): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration('charrnn');
  return serverSection(key => configuration.get(key), workspaceFolderPath(), os.homedir());
}

export function workspaceFolderPath(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

export function createLanguageClient(plan: LaunchPlan, log: vscode.LogOutputChannel, trace: vscode.LogOutputChannel, onStopped: (reason: string) => void): LanguageClient {
  const logLevel = vscode.workspace.getConfiguration('charrnn').get<string>('serverLogLevel', 'Information');
  const serverOptions: ServerOptions = {
    command: plan.command,
    args: [...plan.args, '--stdio', '--log-level', logLevel],
    transport: TransportKind.stdio,
    options: { cwd: workspaceFolderPath() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    outputChannel: log,
    // Its own channel, so "charrnn.trace.server" output (logged at trace level) does not drown the server log.
    traceOutputChannel: trace,
    initializationOptions: { charrnn: currentServerSection() },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        onStopped('the language server exited');
        return { action: CloseAction.DoNotRestart, message: 'CharRNN: the language server exited; see "CharRNN: Show server log".' };
      },
    },
    middleware: {
      provideInlineCompletionItems: async (document, position, context, token, next) => {
        if (!vscode.workspace.getConfiguration('charrnn', document).get<boolean>('inlineSuggestions', true)
            && context.triggerKind === vscode.InlineCompletionTriggerKind.Automatic) return undefined;
        if (context.triggerKind === vscode.InlineCompletionTriggerKind.Automatic) {
          const delay = vscode.workspace.getConfiguration('charrnn').get<number>('inlineDebounceMs', 150);
          if (!(await settle(delay, token))) return undefined;
        }
        return next(document, position, context, token);
      },
    },
  };
  const client = new LanguageClient('charrnn', 'CharRNN', serverOptions, clientOptions);
  client.registerFeature(modelStatusCapability);
  return client;
}

const modelStatusCapability: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), charrnnModelStatus: true };
  },
  initialize(): void {},
  getState(): FeatureState { return { kind: 'static' }; },
  clear(): void {},
};

/** Pushes the current settings; the server applies them live (a new modelPath loads that model). */
export function sendSettings(client: LanguageClient): Promise<void> {
  return client.sendNotification(DidChangeConfigurationNotification.type, { settings: { charrnn: currentServerSection() } });
}

/** Resolves true after delayMs, false as soon as the request is cancelled (the user typed on). */
function settle(delayMs: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  if (delayMs <= 0) return Promise.resolve(true);
  return new Promise(resolve => {
    const subscription = token.onCancellationRequested(() => { clearTimeout(timer); subscription.dispose(); resolve(false); });
    const timer = setTimeout(() => { subscription.dispose(); resolve(!token.isCancellationRequested); }, delayMs);
  });
}
