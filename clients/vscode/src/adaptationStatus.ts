// The server's charrnn/adaptationStatus notification (docs/server.md) and the status bar tooltip line it gives.
// Pure: no vscode import, so the unit tests run under plain node.

export const adaptationStatusMethod = 'charrnn/adaptationStatus';

/** One document's adaptation, as the server sends it. */
export interface AdaptationStatus {
  uri: string;
  state: 'adapting' | 'adapted' | 'static' | 'diverged';
  adaptedChars: number;
  documentChars: number;
  version: number;
  reason?: string | null;
}

/** The tooltip line for the active document, or undefined when the server said nothing about it. */
export function adaptationLine(status: AdaptationStatus | undefined): string | undefined {
  if (status === undefined) return undefined;
  const chars = status.adaptedChars.toLocaleString('en-US');
  switch (status.state) {
    case 'adapted': return `this document: adapted (model learned ${chars} chars of it, version ${status.version})`;
    case 'adapting': return `this document: adapting (${chars} of ${status.documentChars.toLocaleString('en-US')} chars read)`;
    case 'diverged': return `this document: adaptation diverged, using the trained weights${status.reason ? ` (${status.reason})` : ''}`;
    default: return 'this document: not adapted (charrnn.adaptation is off)';
  }
}
