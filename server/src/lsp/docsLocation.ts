/**
 * The bundled documentation pages, as file: URLs for diagnostics' codeDescription links. The
 * server runs from dist/server/server.js (the extension, a checkout's build) or from
 * server/src/lsp (tests under tsx): the package root is the nearest ancestor that holds
 * docs/diagnostics/README.md.
 */
import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { pathToFileURL } from 'url';
import { docsPath } from '../common/diagnostics';

function packageRoot(from: string): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'docs', 'diagnostics', 'README.md'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

const ROOT = packageRoot(__dirname);

/** file: URL of a code's page, or undefined when the pages are not installed beside the server */
export function docsUrl(code: string): string | undefined {
  return ROOT ? pathToFileURL(join(ROOT, docsPath(code))).href : undefined;
}
