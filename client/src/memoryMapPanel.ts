/**
 * The memory-map webview panel, one per scenario. It asks the server for the
 * run (mmlab/run), re-asks after every background run of that document
 * (mmlab/runFinished), moves the timeline with the editor cursor (mmlab/stepAt,
 * or the steps' ranges when the server has no answer), and reveals the
 * statement behind a clicked segment.
 */
import * as vscode from 'vscode';
import type { MmlabServer } from './serverClient';
import { openForServer, revealInEditor } from './reveal';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { stepForLine } from '../../server/src/clientApi';
import type { DesignName, HostToMemoryMap, MemoryMapState, MemoryMapToHost, RunData } from '../../server/src/clientApi';

export const MEMORY_MAP_VIEW_TYPE = 'mmlab.memoryMap';

export class MemoryMapPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, MemoryMapPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private run: RunData | undefined;
  private ready = false;
  private queued: HostToMemoryMap[] = [];
  private cursorTimer: NodeJS.Timeout | undefined;
  private refreshSeq = 0;
  /** the latest refresh: commands await it to return what the panel shows */
  current: Promise<RunData | undefined> = Promise.resolve(undefined);

  static all(): MemoryMapPanel[] {
    return [...MemoryMapPanel.panels.values()];
  }

  static get(uri: string): MemoryMapPanel | undefined {
    return MemoryMapPanel.panels.get(uri);
  }

  static show(context: vscode.ExtensionContext, server: MmlabServer, uri: vscode.Uri, design?: DesignName): MemoryMapPanel {
    const key = uri.toString();
    const existing = MemoryMapPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      if (design && design !== existing.design) {
        existing.design = design;
        existing.current = existing.refresh();
      }
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(MEMORY_MAP_VIEW_TYPE, titleFor(uri), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
    return new MemoryMapPanel(context, server, panel, uri, design);
  }

  /** Brings back a panel VS Code restored after a reload (its last state comes from getState). */
  static async restore(context: vscode.ExtensionContext, server: MmlabServer, panel: vscode.WebviewPanel, state: MemoryMapState | undefined): Promise<MemoryMapPanel | undefined> {
    if (!state?.uri) {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    const uri = vscode.Uri.parse(state.uri);
    await openForServer(uri);
    return new MemoryMapPanel(context, server, panel, uri, state.design as DesignName | undefined);
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly server: MmlabServer,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    private design: DesignName | undefined,
  ) {
    MemoryMapPanel.panels.set(uri.toString(), this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mmlab-file.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'memoryMap', titleFor(uri), uri.toString());
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: MemoryMapToHost) => this.onMessage(m)),
      server.onRunFinished((p) => {
        if (p.uri === this.uri.toString()) this.current = this.refresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.uri.toString()) this.cursorMoved(e.selections[0].active);
      }),
    );
    this.current = this.refresh();
  }

  get lastRun(): RunData | undefined {
    return this.run;
  }

  /** Re-requests the run; a newer refresh makes older answers stale. */
  async refresh(): Promise<RunData | undefined> {
    const seq = ++this.refreshSeq;
    try {
      const run = await this.server.run(this.uri.toString(), this.design);
      if (seq !== this.refreshSeq) return run;
      this.run = run;
      this.post({ type: 'run', run });
      this.panel.title = titleFor(this.uri, run);
      return run;
    } catch (e) {
      if (seq === this.refreshSeq) this.post({ type: 'error', message: `Could not run the scenario: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  }

  private cursorMoved(pos: vscode.Position): void {
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(async () => {
      let index = await this.server.stepAt(this.uri.toString(), pos, this.design);
      if (index === undefined && this.run) index = stepForLine(this.run, pos.line);
      if (index !== undefined) this.post({ type: 'step', index, source: 'cursor' });
    }, 60);
  }

  private post(msg: HostToMemoryMap): void {
    if (!this.ready) {
      // Only the latest run matters; keep the order of everything else.
      if (msg.type === 'run') this.queued = this.queued.filter((m) => m.type !== 'run');
      this.queued.push(msg);
      return;
    }
    void this.panel.webview.postMessage(msg);
  }

  private onMessage(m: MemoryMapToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.run && !this.queued.some((q) => q.type === 'run')) this.queued.unshift({ type: 'run', run: this.run });
        for (const q of this.queued.splice(0)) void this.panel.webview.postMessage(q);
        break;
      case 'reveal':
        void revealInEditor(this.uri, m.target);
        break;
      case 'design':
        if (m.design !== this.design) {
          this.design = m.design;
          this.current = this.refresh();
        }
        break;
      case 'stepChanged':
      case 'followCursor':
        break;
    }
  }

  dispose(): void {
    MemoryMapPanel.panels.delete(this.uri.toString());
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function titleFor(uri: vscode.Uri, run?: RunData): string {
  const base = uri.path.split('/').pop() ?? 'scenario';
  return `Memory map: ${base}${run ? ` (${run.design})` : ''}`;
}
