// Maps the editor's "charrnn" settings to the section the language server reads
// (initializationOptions at start, workspace/didChangeConfiguration afterwards).
// Pure: no vscode import, so the unit tests run under plain node.
import * as path from 'path';

/** Settings the server understands, in the server's own names (src/Server/Settings/ServerSettings.cs). */
export const serverSettingKeys = [
  'modelPath', 'temperature', 'maxLength', 'choices', 'contextChars', 'multiline',
  'disabledLanguages', 'seed', 'hoverLength', 'triggerCharacters',
  'adaptation', 'documentCache', 'matchModel', 'inlineDecoding', 'maxAdaptedDocuments',
  'inferencePrecision',
] as const;

export type ServerSection = Record<string, unknown>;

/**
 * Builds the server's settings section. Unset values are left out so the server keeps its defaults,
 * except modelPath and seed, which are sent as null: clearing them must undo an earlier value.
 */
export function serverSection(read: (key: string) => unknown, workspaceFolder: string | undefined, home: string): ServerSection {
  const section: ServerSection = {};
  for (const key of serverSettingKeys) {
    const value = read(key);
    if (key === 'modelPath') {
      section.modelPath = typeof value === 'string' && value.trim() !== '' ? expandPath(value.trim(), workspaceFolder, home) : null;
    } else if (key === 'seed') {
      section.seed = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
    } else if (value !== undefined && value !== null) {
      section[key] = value;
    }
  }
  return section;
}

/** Expands ${workspaceFolder} and a leading ~; relative paths stay relative (the server resolves them against the workspace). */
export function expandPath(value: string, workspaceFolder: string | undefined, home: string): string {
  let result = value;
  if (workspaceFolder !== undefined) result = result.split('${workspaceFolder}').join(workspaceFolder);
  if (result === '~' || result.startsWith('~/')) result = path.join(home, result.slice(1));
  return result;
}
