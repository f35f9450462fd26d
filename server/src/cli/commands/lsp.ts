import { startServer } from '../../lsp/server';

/** `mmlab lsp --stdio`: the same server the extension starts, for Neovim and other editors. */
export function lsp(): void {
  if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
  startServer();
}
