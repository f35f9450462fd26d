import { startServer } from '../../lsp/server';
import { applyHelperNice } from '../../lsp/threadPriority';

/** `mmlab lsp --stdio`: the same server the extension starts, for Neovim and other editors. */
export function lsp(): void {
  if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
  // V8's helper threads behind the editor's (lsp/threadPriority.ts, ADR 0032)
  applyHelperNice();
  startServer();
}
