// Reads charrnn-train's output lines (src/Training/ProgressReporter.cs) into events the progress
// notification and the status bar show.

export type TrainingEvent =
  | { kind: 'iteration'; iteration: number; epoch: number; loss: number; charsPerSecond: number; etaSeconds?: number }
  | { kind: 'eval'; iteration: number; valLossNats: number; bitsPerChar: number; best: boolean }
  | { kind: 'stopped'; text: string };

const iterationLine = /^\s*iter\s+(\d+)\s*\|\s*epoch\s+([\d.]+)\s*\|\s*loss\s+([\d.]+|NaN|Infinity)[^|]*\|(?:[^|]*\|)*?\s*([\d.]+)k chars\/s(?:\s*\|\s*ETA\s+(\S+))?/;
const evalLine = /^\s*eval\s+iter\s+(\d+):\s*val loss\s+([\d.]+) nats\/char\s*=\s*([\d.]+) bits\/char(.*)$/;

export function parseTrainingLine(line: string): TrainingEvent | undefined {
  const text = line.replace(/\r/g, '');
  let m = iterationLine.exec(text);
  if (m) {
    const eta = m[5] === undefined ? undefined : parseDuration(m[5]);
    return {
      kind: 'iteration', iteration: Number(m[1]), epoch: Number(m[2]), loss: Number(m[3]),
      charsPerSecond: Number(m[4]) * 1000, ...(eta === undefined ? {} : { etaSeconds: eta }),
    };
  }
  m = evalLine.exec(text);
  if (m) {
    return { kind: 'eval', iteration: Number(m[1]), valLossNats: Number(m[2]), bitsPerChar: Number(m[3]), best: m[4].includes('best so far') };
  }
  if (text.startsWith('stopped: ')) return { kind: 'stopped', text: text.trim() };
  return undefined;
}

/** Parses the trainer's ETA format: "45s", "3m05s", "1h02m". */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** What a training run has shown so far. */
export class TrainingState {
  iteration = 0;
  loss: number | undefined;
  bestBitsPerChar: number | undefined;
  etaSeconds: number | undefined;
  charsPerSecond: number | undefined;

  apply(event: TrainingEvent): void {
    if (event.kind === 'iteration') {
      this.iteration = event.iteration;
      this.loss = event.loss;
      this.etaSeconds = event.etaSeconds;
      this.charsPerSecond = event.charsPerSecond;
    } else if (event.kind === 'eval') {
      this.iteration = event.iteration;
      if (this.bestBitsPerChar === undefined || event.bitsPerChar < this.bestBitsPerChar) this.bestBitsPerChar = event.bitsPerChar;
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
