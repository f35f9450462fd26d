/**
 * The HTML shell of both webviews (pure: the client fills in the webview's
 * cspSource and script URI; the headless-Chromium tests use the same page).
 * Strict CSP: nothing but our nonce'd bundle and stylesheet may load or run.
 */
import { BASE_CSS } from './styles';
import { escapeHtml } from './vdom';

export interface ShellOptions {
  /** the webview's cspSource (origin its resources are served from) */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  title: string;
  documentUri: string;
  view: 'memoryMap' | 'compare' | 'sweep';
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function webviewShellHtml(o: ShellOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style nonce="${escapeHtml(o.nonce)}">${BASE_CSS}</style>
</head>
<body data-uri="${escapeHtml(o.documentUri)}" data-view="${o.view}">
<div id="root" role="main"></div>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>`;
}
