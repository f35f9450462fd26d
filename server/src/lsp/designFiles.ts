/**
 * The workspace designs a document sees, by the CLI's rule (analysis/designsFile.ts): the
 * nearest designs.mmlab in the document's folder or an ancestor. An open editor's text wins
 * over the disk (so typing in designs.mmlab re-analyses the scenarios at once); a file on
 * disk is re-read only when its size or mtime moved. A document without a folder (untitled)
 * sees the designs.mmlab at the root of the first workspace folder that has one.
 * Only stats and reads here, no parsing: this runs on the edit path (ADR 0007).
 */
import { readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESIGNS_FILE, nearestDesignsFile } from '../analysis/designsFile';

/** scheme://authority and the (still percent-encoded) path of a hierarchical URI */
const HIERARCHICAL = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?$/i;

export class DesignFiles {
  private readonly disk = new Map<string, { mtimeMs: number; size: number; text: string }>();
  /** workspace folder URIs (initialize), for documents without a folder */
  roots: string[] = [];

  constructor(private readonly openText: (uri: string) => string | undefined) {}

  /** is this document a workspace designs file? (editing it changes what other documents see) */
  static isDesignsFile(uri: string): boolean {
    return uri.endsWith(`/${DESIGNS_FILE}`);
  }

  /** the text of the designs.mmlab `uri` sees, undefined when there is none */
  textFor(uri: string): string | undefined {
    const m = HIERARCHICAL.exec(uri);
    if (m) return nearestDesignsFile(m[2] || '/', posix, (path) => this.read(m[1] + path))?.found;
    for (const root of this.roots) {
      const text = this.read(`${root.replace(/\/$/, '')}/${DESIGNS_FILE}`);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /** a file changed on disk (workspace/didChangeWatchedFiles): read it again next time */
  forget(): void {
    this.disk.clear();
  }

  private read(uri: string): string | undefined {
    const open = this.openText(uri);
    if (open !== undefined) return open;
    if (!uri.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st?.isFile()) {
        this.disk.delete(path);
        return undefined;
      }
      const cached = this.disk.get(path);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.text;
      const text = readFileSync(path, 'utf8');
      this.disk.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
      return text;
    } catch {
      return undefined;
    }
  }
}
