// Reads what the status bar shows about a checkpoint from its safetensors header
// (docs/checkpoint-format.md): the model shape from "config", the best validation loss from "training".
import { promises as fs } from 'fs';

export interface ModelSummary {
  cell: string;
  layers: number;
  hiddenSize: number;
  vocabSize: number;
  /** Best validation loss in bits per character, when the trainer recorded one. */
  bitsPerChar?: number;
  iterations?: number;
}

const maxHeaderBytes = 100_000_000;

/** Parses the header bytes (everything after the 8-byte length). Throws one-line errors. */
export function parseModelSummary(header: string): ModelSummary {
  const json = JSON.parse(header) as Record<string, unknown>;
  const metadata = json.__metadata__ as Record<string, string> | undefined;
  if (!metadata || metadata.format !== 'charrnn-lsp/1') throw new Error('not a charrnn-lsp/1 checkpoint');
  const config = JSON.parse(metadata.config ?? 'null') as Record<string, unknown> | null;
  if (!config) throw new Error('checkpoint has no model config');
  const summary: ModelSummary = {
    cell: String(config.cell), layers: Number(config.layers), hiddenSize: Number(config.hidden_size), vocabSize: Number(config.vocab_size),
  };
  if (metadata.training) {
    // The trainer writes non-finite numbers as "Infinity" strings (no evaluation yet).
    const training = JSON.parse(metadata.training) as { bestValLoss?: unknown; iteration?: unknown };
    if (typeof training.bestValLoss === 'number' && Number.isFinite(training.bestValLoss)) summary.bitsPerChar = training.bestValLoss / Math.LN2;
    if (typeof training.iteration === 'number') summary.iterations = training.iteration;
  }
  return summary;
}

export async function readModelSummary(file: string): Promise<ModelSummary> {
  const handle = await fs.open(file, 'r');
  try {
    const lengthBytes = Buffer.alloc(8);
    if ((await handle.read(lengthBytes, 0, 8, 0)).bytesRead < 8) throw new Error('file too short for a checkpoint');
    const length = Number(lengthBytes.readBigUInt64LE(0));
    if (length > maxHeaderBytes) throw new Error('checkpoint header too large');
    const header = Buffer.alloc(length);
    if ((await handle.read(header, 0, length, 8)).bytesRead < length) throw new Error('checkpoint truncated');
    return parseModelSummary(header.toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** "CharRNN LSTM 2x128 · 2.31 bpc". */
export function statusText(summary: ModelSummary): string {
  const shape = `${summary.cell.toUpperCase()} ${summary.layers}x${summary.hiddenSize}`;
  return summary.bitsPerChar === undefined ? `CharRNN ${shape}` : `CharRNN ${shape} · ${summary.bitsPerChar.toFixed(2)} bpc`;
}
