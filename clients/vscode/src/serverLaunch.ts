// Decides how to start charrnn-lsp and charrnn-train: an explicit setting, else the self-contained
// linux-x64 build bundled in the .vsix, else `dotnet` with a built dll (a source checkout), else the
// tool on PATH. Pure apart from the injected file and PATH probes, so it is unit tested.
import * as path from 'path';

export type Tool = 'charrnn-lsp' | 'charrnn-train';

export interface LaunchPlan {
  command: string;
  args: string[];
  /** How it was found, for the log. */
  source: string;
}

export type LaunchResolution = { ok: true; plan: LaunchPlan } | { ok: false; error: string };

export interface LaunchProbe {
  configuredPath: string | undefined;
  settingName: string;
  extensionPath: string;
  platform: string;
  arch: string;
  exists: (file: string) => boolean;
  /** Full path of an executable on PATH, or undefined. */
  which: (name: string) => string | undefined;
}

const projectFolder: Record<Tool, string> = { 'charrnn-lsp': 'Server', 'charrnn-train': 'Training' };

/** Where `npm run bundle-server` puts the self-contained build inside the extension. */
export function bundledToolPath(extensionPath: string, tool: Tool): string {
  return path.join(extensionPath, 'bin', 'linux-x64', tool);
}

/** Dlls of a source checkout, when the extension runs from clients/vscode of the repository. */
export function checkoutDllCandidates(extensionPath: string, tool: Tool): string[] {
  const root = path.resolve(extensionPath, '..', '..');
  return ['Release', 'Debug'].map(c => path.join(root, 'src', projectFolder[tool], 'bin', c, 'net10.0', `${tool}.dll`));
}

export function resolveTool(tool: Tool, probe: LaunchProbe): LaunchResolution {
  const configured = probe.configuredPath?.trim();
  if (configured) {
    if (!probe.exists(configured)) {
      return { ok: false, error: `${probe.settingName} is "${configured}", which does not exist` };
    }
    if (configured.endsWith('.dll')) {
      const dotnet = probe.which('dotnet');
      if (dotnet === undefined) return { ok: false, error: `${probe.settingName} names a .dll but "dotnet" is not on PATH` };
      return { ok: true, plan: { command: dotnet, args: [configured], source: `${probe.settingName} (via dotnet)` } };
    }
    return { ok: true, plan: { command: configured, args: [], source: probe.settingName } };
  }

  const tried: string[] = [];
  if (probe.platform === 'linux' && probe.arch === 'x64') {
    const bundled = bundledToolPath(probe.extensionPath, tool);
    if (probe.exists(bundled)) return { ok: true, plan: { command: bundled, args: [], source: 'bundled linux-x64 build' } };
    tried.push(bundled);
  } else {
    tried.push(`bundled build (only for linux-x64, this is ${probe.platform}-${probe.arch})`);
  }

  const dotnet = probe.which('dotnet');
  for (const dll of checkoutDllCandidates(probe.extensionPath, tool)) {
    if (dotnet !== undefined && probe.exists(dll)) return { ok: true, plan: { command: dotnet, args: [dll], source: 'dotnet + built dll' } };
    tried.push(dotnet === undefined ? `${dll} (no dotnet on PATH)` : dll);
  }

  const onPath = probe.which(tool);
  if (onPath !== undefined) return { ok: true, plan: { command: onPath, args: [], source: 'PATH' } };
  tried.push(`${tool} on PATH`);

  return { ok: false, error: `cannot find ${tool}: set ${probe.settingName} (tried ${tried.join(', ')})` };
}
