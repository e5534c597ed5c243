// The language server's lifecycle: finds charrnn-lsp, starts it, restarts it when its launch settings change, and
// passes on what it says about the served model (charrnn/modelStatus) and each document's adaptation
// (charrnn/adaptationStatus).
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { createLanguageClient, sendSettings } from './languageClient';
import { AdaptationStatus, adaptationStatusMethod } from './adaptationStatus';
import { ModelStatus, modelStatusMethod, parseModelStatus } from './modelStatus';
import { locateTool } from './toolLocator';

export interface ServerEvents {
  /** The server could not be found or started (a one-line reason). */
  failed(message: string): void;
  /** The server stopped on its own. */
  stopped(reason: string): void;
}

export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private status: ModelStatus | undefined;
  private readonly statusChanged = new vscode.EventEmitter<ModelStatus>();
  /** Every charrnn/modelStatus the server sends, in order. */
  readonly onModelStatus = this.statusChanged.event;
  private readonly adaptationChanged = new vscode.EventEmitter<AdaptationStatus>();
  /** Every charrnn/adaptationStatus (one document's adaptation) the server sends. */
  readonly onAdaptationStatus = this.adaptationChanged.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly trace: vscode.LogOutputChannel,
    private readonly events: ServerEvents,
  ) {}

  /** The server's latest model status; undefined before it sent one (or while it is not running). */
  get modelStatus(): ModelStatus | undefined {
    return this.status;
  }

  get isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  async start(): Promise<void> {
    const launch = locateTool('charrnn-lsp', this.extensionPath);
    if (!launch.ok) { this.events.failed(launch.error); return; }
    this.log.info(`starting ${launch.plan.command} ${launch.plan.args.join(' ')} (${launch.plan.source})`);
    const next = createLanguageClient(launch.plan, this.log, this.trace, reason => this.events.stopped(reason));
    this.client = next;
    // Registered before start: the first status follows `initialized` at once.
    next.onNotification(modelStatusMethod, params => {
      const status = parseModelStatus(params);
      if (status === undefined) { this.log.warn(`ignored ${modelStatusMethod}: ${JSON.stringify(params)}`); return; }
      this.status = status;
      this.statusChanged.fire(status);
    });
    next.onNotification(adaptationStatusMethod, (params: AdaptationStatus) => this.adaptationChanged.fire(params));
    try {
      await next.start();
    } catch (e) {
      this.events.failed(`cannot start the language server ${launch.plan.command}: ${(e as Error).message}`);
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The running client, or undefined after telling the user that the server is not running. */
  running(): LanguageClient | undefined {
    if (this.isRunning) return this.client;
    void vscode.window.showErrorMessage('CharRNN: the language server is not running; see "CharRNN: Show server log".');
    return undefined;
  }

  async sendSettings(): Promise<void> {
    if (this.isRunning) await sendSettings(this.client!);
  }

  async stop(): Promise<void> {
    const stopping = this.client;
    this.client = undefined;
    this.status = undefined;
    await stopping?.stop().catch(() => undefined);
  }

  dispose(): void {
    this.statusChanged.dispose();
    this.adaptationChanged.dispose();
  }
}
