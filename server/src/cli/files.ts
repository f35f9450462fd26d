/** Collects scenario files: explicit files as given, directories searched recursively for *.mmlab (sorted, so output is stable). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { join, resolve } from 'node:path';
import { workspaceDesigns, WorkspaceDesigns } from '../analysis/analyze';
import { nearestDesignsFile } from '../analysis/designsFile';

export interface SourceFile {
  path: string;
  text: string;
  /** the designs of the nearest designs.mmlab above the file (its workspace root), if any */
  workspace?: WorkspaceDesigns;
}

/** the workspace's designs.mmlab: the nearest one in the file's directory or an ancestor (not the file itself; analysis/designsFile.ts) */
export function workspaceOf(path: string): WorkspaceDesigns | undefined {
  const nearest = nearestDesignsFile(resolve(path), nodePath, (candidate) => (existsSync(candidate) ? candidate : undefined));
  if (!nearest) return undefined;
  try {
    return workspaceDesigns(readFileSync(nearest.path, 'utf8'));
  } catch {
    return undefined;
  }
}

export function collectScenarioFiles(paths: string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      errors.push(`${p}: no such file or directory`);
      continue;
    }
    if (st.isDirectory()) walk(p, files);
    else files.push(p);
  }
  return { files, errors };
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile() && e.name.endsWith('.mmlab')) out.push(full);
  }
}

export function readScenario(path: string): SourceFile | { error: string } {
  try {
    const text = readFileSync(path, 'utf8');
    const workspace = workspaceOf(path);
    return workspace ? { path, text, workspace } : { path, text };
  } catch (e) {
    return { error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
