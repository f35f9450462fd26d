/**
 * The Sweep… command (lens on each `param` line): asks the values through an input box, runs
 * mmlab/sweep under a progress notification with Cancel, and shows the answer in a webview
 * beside the scenario (server/src/webview/sweepView.ts draws it). One panel per scenario; a
 * window reload brings it back with its plot (registerSweepSerializer).
 */
import * as vscode from 'vscode';
import type { DesignName, HostToSweep, SweepData, SweepState, SweepToHost } from '../../server/src/clientApi';
import type { MmlabServer } from './serverClient';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const SWEEP_VIEW_TYPE = 'mmlab.sweep';

class SweepPanel {
  private static readonly panels = new Map<string, SweepPanel>();
  private ready = false;
  private pending: HostToSweep | undefined;

  static for(context: vscode.ExtensionContext, uri: vscode.Uri): SweepPanel {
    const existing = SweepPanel.panels.get(uri.toString());
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(SWEEP_VIEW_TYPE, titleFor(uri), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
    return new SweepPanel(context, panel, uri);
  }

  /**
   * Brings back a panel VS Code restored after a window reload. The webview kept the sweep's
   * data with setState (webview/sweep.entry.ts) and draws it again from getState: nothing is
   * re-run. A sweep still running at the reload left no data: the view says so.
   */
  static restore(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, state: SweepState | undefined): SweepPanel | undefined {
    if (!state?.uri) {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    const view = new SweepPanel(context, panel, vscode.Uri.parse(state.uri));
    if (!state.data) view.post({ type: 'error', message: 'The sweep had not finished when the window was reloaded: run Sweep… again.' });
    return view;
  }

  private constructor(
    context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
  ) {
    SweepPanel.panels.get(uri.toString())?.panel.dispose();
    SweepPanel.panels.set(uri.toString(), this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mmlab-file.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'sweep', titleFor(uri), uri.toString());
    panel.onDidDispose(() => {
      if (SweepPanel.panels.get(uri.toString()) === this) SweepPanel.panels.delete(uri.toString());
    });
    panel.webview.onDidReceiveMessage((m: SweepToHost) => {
      if (m.type !== 'ready') return;
      this.ready = true;
      if (this.pending) void panel.webview.postMessage(this.pending);
      this.pending = undefined;
    });
  }

  post(msg: HostToSweep): void {
    if (this.ready) void this.panel.webview.postMessage(msg);
    else this.pending = msg;
  }
}

function titleFor(uri: vscode.Uri): string {
  return `Sweep: ${uri.path.split('/').pop() ?? 'scenario'}`;
}

/** Registers the sweep view's serializer: a sweep panel open at a window reload comes back with its plot. */
export function registerSweepSerializer(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(SWEEP_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: SweepState | undefined) {
      SweepPanel.restore(context, panel, state);
    },
  });
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.trim() ? x.trim() : undefined;
}

/**
 * mmlab.sweep(uri?, name?, suggestion?, values?): without `values`, an input box asks for them
 * (starting at `suggestion`); without `name`, it asks for the whole `NAME=VALUES`. Returns the
 * sweep's data (undefined when cancelled or refused).
 */
async function sweepCommand(context: vscode.ExtensionContext, server: MmlabServer, designs: () => DesignName[], uriArg?: unknown, nameArg?: unknown, suggestion?: unknown, valuesArg?: unknown): Promise<SweepData | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg instanceof vscode.Uri ? uriArg : editor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('mmlab: open a .mmlab scenario to sweep one of its params.');
    return undefined;
  }
  const name = str(nameArg);
  let set: string | undefined;
  if (name) {
    const values =
      str(valuesArg) ??
      (await vscode.window.showInputBox({
        title: `mmlab: sweep ${name}`,
        prompt: `Values of ${name}: V1,V2,… or LO..HI[:STEP] (8 values without a step)`,
        value: str(suggestion) ?? '',
        ignoreFocusOut: true,
      }));
    if (!values) return undefined;
    set = `${name}=${values.trim()}`;
  } else {
    set = str(valuesArg) ?? (await vscode.window.showInputBox({ title: 'mmlab: sweep', prompt: 'NAME=V1,V2,… or NAME=LO..HI[:STEP]: a param of the file or a knob path (node.3.media, sysctl.KEY, line.L.ARG)', ignoreFocusOut: true }));
    if (!set) return undefined;
  }
  await vscode.workspace.openTextDocument(uri);
  const view = SweepPanel.for(context, uri);
  view.post({ type: 'running', what: `Sweeping ${set} under ${designs().length} designs…` });
  try {
    const data = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `mmlab: sweeping ${set}`, cancellable: true }, (_p, token) =>
      server.sweep({ uri: uri.toString(), set, designs: designs() }, token),
    );
    view.post({ type: 'sweep', data });
    return data;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    view.post({ type: 'error', message: /cancel/i.test(msg) ? 'The sweep was cancelled.' : `The sweep failed: ${msg}` });
    if (!/cancel/i.test(msg)) void vscode.window.showErrorMessage(`mmlab: sweep failed: ${msg}`);
    return undefined;
  }
}

export function registerSweepCommand(context: vscode.ExtensionContext, server: MmlabServer, designs: () => DesignName[]): vscode.Disposable {
  return vscode.commands.registerCommand('mmlab.sweep', (uri?: unknown, name?: unknown, suggestion?: unknown, values?: unknown) => sweepCommand(context, server, designs, uri, name, suggestion, values));
}
