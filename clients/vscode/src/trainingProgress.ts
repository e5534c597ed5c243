// Reads charrnn-train's `--progress json` lines (one event per line; schema: docs/training-progress.md) into
// what the progress notification, the status bar and the training log show.

export interface CorpusSummary { root: string; source: string; fileCount: number; chars: number; bytes: number; skippedCounts: Record<string, number>; warnings: string[] }

export type TrainingEvent =
  | { event: 'reading'; corpus: CorpusSummary }
  | { event: 'started'; cell: string; layers: number; hidden: number; embedding: number; vocabulary: number; parameters: number; origin: string; device: string }
  | { event: 'iteration'; iteration: number; epoch: number; loss: number; averageLoss: number; learningRate: number; charsPerSecond: number; etaSeconds?: number }
  | { event: 'evaluation'; iteration: number; epoch: number; valLoss: number; bitsPerChar: number; improved: boolean; bestValLoss: number }
  | { event: 'sample'; iteration: number; text: string }
  | { event: 'saved'; iteration: number; kind: 'best' | 'latest'; path: string }
  | { event: 'stopping' }
  | { event: 'stopped'; reason: string; iteration: number; elapsedSeconds: number; bestValLoss: number; bestPath: string; latestPath: string }
  | { event: 'error'; kind: string; message: string; exitCode: number };

const known = new Set(['reading', 'started', 'iteration', 'evaluation', 'sample', 'saved', 'stopping', 'stopped', 'error']);

/** The event on one stdout line, or undefined for anything else (an event type this version does not know included). */
export function parseProgressLine(line: string): TrainingEvent | undefined {
  let value: unknown;
  try { value = JSON.parse(line); } catch { return undefined; }
  if (typeof value !== 'object' || value === null) return undefined;
  const event = (value as { event?: unknown }).event;
  return typeof event === 'string' && known.has(event) ? value as TrainingEvent : undefined;
}

/** One line for the training log. Iterations are left to the notification (they come every few seconds), errors
 * to the trainer's own stderr line, which the log shows as it is. */
export function describeEvent(e: TrainingEvent): string | undefined {
  switch (e.event) {
    case 'reading': return `read ${e.corpus.root}: ${e.corpus.fileCount} files, ${e.corpus.chars} chars` +
      Object.entries(e.corpus.skippedCounts).map(([reason, count]) => `; skipped ${count} ${reason}`).join('');
    case 'started': return `model: ${e.cell} ${e.layers}x${e.hidden}, ${e.parameters} parameters (${e.origin}); device: ${e.device}`;
    case 'evaluation': return `iter ${e.iteration}: val ${e.bitsPerChar.toFixed(4)} bits/char${e.improved ? ' (best so far, saved)' : ''}`;
    case 'sample': return `----- sample at iteration ${e.iteration} -----\n${e.text.replace(/\u001c/g, '\n<<file>>\n')}\n-----`;
    case 'stopping': return 'stopping: finishing this iteration and saving a checkpoint';
    case 'stopped': return `stopped: ${e.reason} after ${e.iteration} iterations; best model ${e.bestPath}`;
    default: return undefined;
  }
}

/** What a training run has shown so far. */
export class TrainingState {
  iteration = 0;
  loss: number | undefined;
  bestBitsPerChar: number | undefined;
  etaSeconds: number | undefined;
  charsPerSecond: number | undefined;
  /** The trainer's own one-line reason when it failed. */
  error: string | undefined;
  /** Where the best model was saved, once the trainer has stopped. */
  bestPath: string | undefined;

  apply(event: TrainingEvent): void {
    if (event.event === 'iteration') {
      this.iteration = event.iteration;
      this.loss = event.loss;
      this.etaSeconds = event.etaSeconds;
      this.charsPerSecond = event.charsPerSecond;
    } else if (event.event === 'evaluation') {
      this.iteration = event.iteration;
      if (this.bestBitsPerChar === undefined || event.bitsPerChar < this.bestBitsPerChar) this.bestBitsPerChar = event.bitsPerChar;
    } else if (event.event === 'error') {
      this.error = event.message;
    } else if (event.event === 'stopped') {
      this.bestPath = event.bestPath;
    }
  }

  /** Fraction done in [0, 1] from elapsed time and the trainer's ETA; undefined without an ETA (no budget given). */
  fractionDone(elapsedSeconds: number): number | undefined {
    if (this.etaSeconds === undefined) return undefined;
    const total = elapsedSeconds + this.etaSeconds;
    return total <= 0 ? 1 : Math.min(1, Math.max(0, elapsedSeconds / total));
  }

  /** One short line: "iter 120 · loss 2.13 · val 3.29 bpc · ETA 10s". */
  describe(): string {
    const parts = [`iter ${this.iteration}`];
    if (this.loss !== undefined) parts.push(`loss ${this.loss.toFixed(2)}`);
    if (this.bestBitsPerChar !== undefined) parts.push(`val ${this.bestBitsPerChar.toFixed(2)} bpc`);
    if (this.etaSeconds !== undefined) parts.push(`ETA ${formatSeconds(this.etaSeconds)}`);
    return parts.join(' · ');
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h${String(Math.floor(seconds % 3600 / 60)).padStart(2, '0')}m`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.round(seconds)}s`;
}
