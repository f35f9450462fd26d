/** Collects scenario files: explicit files as given, directories searched recursively for *.mmlab (sorted, so output is stable). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceFile {
  path: string;
  text: string;
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
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
