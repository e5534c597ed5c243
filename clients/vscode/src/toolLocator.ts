// Connects the pure launch resolution to this machine: the settings, the file system and PATH.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { bundledToolPath, LaunchResolution, resolveTool, Tool } from './serverLaunch';

const settingFor: Record<Tool, string> = { 'charrnn-lsp': 'serverPath', 'charrnn-train': 'trainerPath' };

export function locateTool(tool: Tool, extensionPath: string): LaunchResolution {
  const configuration = vscode.workspace.getConfiguration('charrnn');
  const setting = settingFor[tool];
  ensureExecutable(bundledToolPath(extensionPath, tool));
  return resolveTool(tool, {
    configuredPath: configuration.get<string>(setting),
    settingName: `charrnn.${setting}`,
    extensionPath,
    platform: process.platform,
    arch: process.arch,
    exists: file => fs.existsSync(file),
    which: findOnPath,
  });
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** Some .vsix installers drop the executable bit of bundled files; restore it so the bundle can run. */
function ensureExecutable(file: string): void {
  try {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o111) === 0) fs.chmodSync(file, mode | 0o755);
  } catch {
    // no bundled build here; the resolution reports what it tried
  }
}
