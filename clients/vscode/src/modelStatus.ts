// The server's charrnn/modelStatus notification (docs/server.md) and what the status bar makes of it.
// Pure: no vscode import, so the unit tests run under plain node.

export const modelStatusMethod = 'charrnn/modelStatus';

/** The model answering requests: its shape and, when the trainer recorded them, its best validation bits per char
 * and iteration count. */
export interface ServedModel {
  description: string;
  cell: string;
  layers: number;
  hiddenSize: number;
  vocabularySize: number;
  bitsPerChar?: number;
  iterations?: number;
}

export type ModelState = 'loading' | 'loaded' | 'missing' | 'failed' | 'none';

export interface ModelStatus {
  state: ModelState;
  /** The checkpoint the server is set to serve (its resolution of charrnn.modelPath, --model or the default). */
  path?: string;
  /** The model serving now, whatever the state says about path (a failed reload keeps the previous one). */
  model?: ServedModel;
  reason?: string;
}

const states: readonly string[] = ['loading', 'loaded', 'missing', 'failed', 'none'];

/** The notification's params, or undefined when they are not a status this version knows. */
export function parseModelStatus(params: unknown): ModelStatus | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const status = params as Partial<ModelStatus>;
  if (typeof status.state !== 'string' || !states.includes(status.state)) return undefined;
  if (status.model !== undefined && (typeof status.model !== 'object' || status.model === null)) return undefined;
  return status as ModelStatus;
}

/** "CharRNN LSTM 2x128 · 2.31 bpc". */
export function modelLabel(model: ServedModel): string {
  const shape = `${model.cell.toUpperCase()} ${model.layers}x${model.hiddenSize}`;
  return model.bitsPerChar === undefined ? `CharRNN ${shape}` : `CharRNN ${shape} · ${model.bitsPerChar.toFixed(2)} bpc`;
}

/** The served checkpoint's path, when the model serving is the one at status.path. */
export function servedPath(status: ModelStatus | undefined): string | undefined {
  return status?.state === 'loaded' ? status.path : undefined;
}

/** True when nothing serves because there is no checkpoint yet: the moment to offer training one. */
export function needsTraining(status: ModelStatus): boolean {
  return status.state === 'missing' && status.model === undefined;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** The command a click runs. */
  command: string;
}

export function statusView(status: ModelStatus): StatusView {
  const { model, path, reason } = status;
  if (model !== undefined) {
    const about = model.description + (model.iterations === undefined ? '' : `, ${model.iterations} iterations`);
    switch (status.state) {
      case 'loaded': return { text: modelLabel(model), tooltip: `${path}\n${about}\nclick to pick another model`, command: 'charrnn.selectModel' };
      case 'loading': return { text: `$(sync~spin) ${modelLabel(model)}`, tooltip: `loading ${path}\n${about}`, command: 'charrnn.showLog' };
      default: return {
        text: `$(warning) ${modelLabel(model)}`,
        tooltip: `${reason ?? status.state}; the model loaded before keeps serving\n${about}\nclick to pick another model`,
        command: 'charrnn.selectModel',
      };
    }
  }
  switch (status.state) {
    case 'loading': return { text: '$(loading~spin) CharRNN: loading', tooltip: `loading ${path}`, command: 'charrnn.showLog' };
    case 'missing': return { text: '$(beaker) CharRNN: no model', tooltip: `no model at ${path}; click to train one on this workspace`, command: 'charrnn.train' };
    case 'failed': return { text: '$(warning) CharRNN: bad model', tooltip: reason ?? `cannot load ${path}`, command: 'charrnn.selectModel' };
    default: return { text: 'CharRNN: no workspace', tooltip: 'open a folder to train or serve a model', command: 'charrnn.selectModel' };
  }
}
