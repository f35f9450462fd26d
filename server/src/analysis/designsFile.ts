/**
 * Where a scenario's workspace designs come from: one rule for the CLI and the language
 * server. A scenario sees the designs of the nearest `designs.mmlab` in its own folder or an
 * ancestor (the workspace root's, unless a sub-folder has its own); never itself. The caller
 * says how to read a candidate (the CLI reads the disk; the server prefers an open editor's
 * text), so this file knows no file system and no URI scheme.
 */
export const DESIGNS_FILE = 'designs.mmlab';

/** the dirname/join pair of node:path (the CLI) or of path.posix (URI paths in the server) */
export interface PathOps {
  dirname(p: string): string;
  join(...parts: string[]): string;
}

/** the candidates, nearest first: designs.mmlab in the file's folder, then in each ancestor; not the file itself */
export function designsFileCandidates(file: string, path: PathOps): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DESIGNS_FILE);
    if (candidate !== file) out.push(candidate);
    if (path.dirname(dir) === dir) return out;
  }
}

/** the nearest candidate `read` finds (undefined = no such file) */
export function nearestDesignsFile<K>(file: string, path: PathOps, read: (candidate: string) => K | undefined): { path: string; found: K } | undefined {
  for (const candidate of designsFileCandidates(file, path)) {
    const found = read(candidate);
    if (found !== undefined) return { path: candidate, found };
  }
  return undefined;
}
