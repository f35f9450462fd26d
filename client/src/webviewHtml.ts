/** Webview options and HTML for both panels (the page itself: server/src/webview/shell.ts). */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { webviewShellHtml } from '../../server/src/clientApi';

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: 'memoryMap' | 'compare' | 'sweep', title: string, documentUri: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`));
  return webviewShellHtml({ cspSource: webview.cspSource, nonce: nonce(), scriptUri: script.toString(), title, documentUri, view });
}
