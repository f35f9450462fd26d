/** The design-comparison webview panel, one per scenario; refreshed after each background run. */
import * as vscode from 'vscode';
import type { MmlabServer } from './serverClient';
import { openForServer, revealInEditor } from './reveal';
import { webviewHtml, webviewOptions } from './webviewHtml';
import type { CompareData, CompareState, CompareToHost, HostToCompare } from '../../server/src/clientApi';

export const COMPARE_VIEW_TYPE = 'mmlab.compare';

export class ComparePanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ComparePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private data: CompareData | undefined;
  private ready = false;
  private pending: HostToCompare | undefined;
  private refreshSeq = 0;
  /** the latest refresh: commands await it to return what the panel shows */
  current: Promise<CompareData | undefined> = Promise.resolve(undefined);
  private refreshTimer: NodeJS.Timeout | undefined;

  static get(uri: string): ComparePanel | undefined {
    return ComparePanel.panels.get(uri);
  }

  static show(context: vscode.ExtensionContext, server: MmlabServer, uri: vscode.Uri): ComparePanel {
    const existing = ComparePanel.panels.get(uri.toString());
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.current = existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, titleFor(uri), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
    return new ComparePanel(context, server, panel, uri);
  }

  static async restore(context: vscode.ExtensionContext, server: MmlabServer, panel: vscode.WebviewPanel, state: CompareState | undefined): Promise<ComparePanel | undefined> {
    if (!state?.uri) {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    const uri = vscode.Uri.parse(state.uri);
    await openForServer(uri);
    return new ComparePanel(context, server, panel, uri);
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly server: MmlabServer,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
  ) {
    ComparePanel.panels.set(uri.toString(), this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mmlab-file.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'compare', titleFor(uri), uri.toString());
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: CompareToHost) => {
        if (m.type === 'ready') {
          this.ready = true;
          const msg = this.pending ?? (this.data ? { type: 'compare', data: this.data } : undefined);
          this.pending = undefined;
          if (msg) void panel.webview.postMessage(msg);
        } else if (m.type === 'reveal') void revealInEditor(this.uri, m.target);
      }),
      server.onRunFinished((p) => {
        if (p.uri !== this.uri.toString()) return;
        // Comparing runs every design: wait for typing to settle.
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => (this.current = this.refresh()), 300);
      }),
    );
    this.current = this.refresh();
  }

  get lastData(): CompareData | undefined {
    return this.data;
  }

  async refresh(): Promise<CompareData | undefined> {
    const seq = ++this.refreshSeq;
    try {
      // the server's default columns: mmlab.compareDesigns (as far as this scenario sees them), then the workspace's and the file's designs
      const data = await this.server.compare(this.uri.toString());
      if (seq !== this.refreshSeq) return data;
      this.data = data;
      this.post({ type: 'compare', data });
      return data;
    } catch (e) {
      if (seq === this.refreshSeq) this.post({ type: 'error', message: `Could not compare designs: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  }

  private post(msg: HostToCompare): void {
    if (this.ready) void this.panel.webview.postMessage(msg);
    else this.pending = msg;
  }

  dispose(): void {
    ComparePanel.panels.delete(this.uri.toString());
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function titleFor(uri: vscode.Uri): string {
  return `Compare designs: ${uri.path.split('/').pop() ?? 'scenario'}`;
}
