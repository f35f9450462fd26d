/** The status-bar item: the design of the active scenario and its last run's verdict. */
import * as vscode from 'vscode';
import { DEFAULT_DESIGN, DESIGN_SUMMARIES, isDesignName } from '../../server/src/clientApi';
import type { RunFinishedParams } from '../../server/src/clientApi';

export class DesignStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly last = new Map<string, RunFinishedParams>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item = vscode.window.createStatusBarItem('mmlab.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'mmlab design';
    this.item.command = 'mmlab.switchDesign';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mmlab.design')) this.update();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.last.delete(d.uri.toString())),
    );
    this.update();
  }

  runFinished(p: RunFinishedParams): void {
    this.last.set(p.uri, p);
    this.update();
  }

  lastFor(uri: string): RunFinishedParams | undefined {
    return this.last.get(uri);
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'mmlab') {
      this.item.hide();
      return;
    }
    const configured = vscode.workspace.getConfiguration('mmlab').get<string>('design');
    const run = this.last.get(editor.document.uri.toString());
    // before the first run: the configured design (a declared one included; the run says which design it really used)
    const design = run?.design ?? (configured || DEFAULT_DESIGN);
    let verdict = '$(sync~spin)';
    let verdictText = 'running…';
    if (run) {
      if (run.verdict === 'pass') {
        verdict = `$(pass) ${run.expectPassed}/${run.expectPassed + run.expectFailed}`;
        verdictText = `pass: ${run.expectPassed} expectations held`;
      } else if (run.verdict === 'fail') {
        verdict = `$(error) ${run.expectFailed} failed`;
        verdictText = `fail: ${run.expectFailed} of ${run.expectPassed + run.expectFailed} expectations failed`;
      } else {
        verdict = '$(warning) error';
        verdictText = 'the scenario has errors';
      }
    }
    this.item.text = `$(server-process) ${design} ${verdict}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**mmlab design:** \`${design}\``);
    md.appendText(` — ${isDesignName(design) ? DESIGN_SUMMARIES[design] : 'declared in the workspace\'s designs.mmlab or in this scenario'}`);
    md.appendMarkdown(`\n\n**Last run:** `);
    md.appendText(`${verdictText}${run ? ` (${run.ms.toFixed(1)} ms, version ${run.version})` : ''}`);
    md.appendMarkdown('\n\nClick to switch design.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `mmlab design ${design}, last run ${verdictText}. Click to switch design.` };
    this.item.backgroundColor = run?.verdict === 'fail' || run?.verdict === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
