/**
 * The extension's commands. Each takes an optional document URI (string or Uri:
 * the code lenses pass the URI string) and falls back to the active mmlab editor,
 * and returns what it produced so tests and other extensions can use it.
 */
import * as vscode from 'vscode';
import { ComparePanel } from './comparePanel';
import { MemoryMapPanel } from './memoryMapPanel';
import { formatRunReport } from './runOutput';
import type { MmlabServer } from './serverClient';
import type { DesignStatus } from './statusBar';
import { DESIGN_SUMMARIES, DESIGNS, isDesignName, renderMarkdownReport, renderMemoryMapHtml } from '../../server/src/clientApi';
import type { CompareData, DesignInfo, DesignName, RunData } from '../../server/src/clientApi';

export interface CommandContext {
  context: vscode.ExtensionContext;
  server: MmlabServer;
  runOutput: vscode.OutputChannel;
  status: DesignStatus;
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.parse(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg) return toUri((arg as { uri: unknown }).uri);
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'mmlab') return editor.document.uri;
  return undefined;
}

/** The scenario a command is about; opening it makes sure the server has its text. */
async function scenarioUri(arg: unknown): Promise<vscode.Uri | undefined> {
  const uri = toUri(arg);
  if (!uri) {
    void vscode.window.showWarningMessage('mmlab: open a .mmlab scenario first.');
    return undefined;
  }
  await vscode.workspace.openTextDocument(uri);
  return uri;
}

/** the configured comparison designs that are built-ins (the sweep's designs) */
export function compareDesigns(): DesignName[] {
  const configured = vscode.workspace.getConfiguration('mmlab').get<unknown[]>('compareDesigns') ?? [];
  const valid = configured.filter(isDesignName);
  return valid.length ? valid : [...DESIGNS];
}

/** a design name as a command argument: a built-in or a declared one (the server says whether the scenario sees it) */
function designArg(x: unknown): DesignName | undefined {
  return typeof x === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(x) ? x : undefined;
}

const ORIGIN_LABEL: Record<DesignInfo['origin'], string> = { prelude: 'built-in', workspace: 'designs.mmlab', file: 'this file' };

/** the switcher's entries: the active scenario's designs from the server (built-ins, workspace, own), else the built-ins */
async function switcherDesigns(server: MmlabServer): Promise<DesignInfo[]> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'mmlab') {
    const data = await server.designs(editor.document.uri.toString()).catch(() => undefined);
    if (data?.designs.length) return data.designs;
  }
  return DESIGNS.map((name) => ({ name, origin: 'prelude' as const, summary: DESIGN_SUMMARIES[name] }));
}

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const { context, server } = c;
  return [
    vscode.commands.registerCommand('mmlab.run', async (arg?: unknown, design?: unknown): Promise<RunData | undefined> => {
      const uri = await scenarioUri(arg);
      if (!uri) return undefined;
      try {
        const run = await server.run(uri.toString(), designArg(design));
        c.runOutput.appendLine(formatRunReport(run, vscode.workspace.asRelativePath(uri)));
        c.runOutput.show(true);
        if (run.verdict !== 'pass') {
          void vscode.window
            .showWarningMessage(`mmlab: ${run.verdict === 'fail' ? `${run.counts.expectFailed} expectation(s) failed` : 'the scenario has errors'} under ${run.design}.`, 'Show Problems')
            .then((pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'));
        }
        return run;
      } catch (e) {
        void vscode.window.showErrorMessage(`mmlab: run failed: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('mmlab.compare', async (arg?: unknown): Promise<CompareData | undefined> => {
      const uri = await scenarioUri(arg);
      if (!uri) return undefined;
      return ComparePanel.show(context, server, uri).current;
    }),
    vscode.commands.registerCommand('mmlab.showMemoryMap', async (arg?: unknown, design?: unknown): Promise<RunData | undefined> => {
      const uri = await scenarioUri(arg);
      if (!uri) return undefined;
      return MemoryMapPanel.show(context, server, uri, designArg(design)).current;
    }),
    vscode.commands.registerCommand('mmlab.switchDesign', async (arg?: unknown): Promise<DesignName | undefined> => {
      const config = vscode.workspace.getConfiguration('mmlab');
      const current = config.get<string>('design');
      let picked: DesignName | undefined = designArg(arg);
      if (!picked) {
        const items: (vscode.QuickPickItem & { design?: DesignName })[] = [];
        let origin: DesignInfo['origin'] | undefined;
        for (const d of await switcherDesigns(server)) {
          // declared designs come after the built-ins, under a separator saying where they are declared
          if (d.origin !== origin && d.origin !== 'prelude') items.push({ label: `declared in ${ORIGIN_LABEL[d.origin]}`, kind: vscode.QuickPickItemKind.Separator });
          origin = d.origin;
          items.push({ label: d.name, design: d.name, description: [d.name === current ? '(current)' : '', d.origin === 'prelude' ? '' : ORIGIN_LABEL[d.origin]].filter(Boolean).join(' ') || undefined, detail: d.summary, picked: d.name === current });
        }
        const item = await vscode.window.showQuickPick(items, { title: 'mmlab: design for scenarios without a `design` line', placeHolder: current, matchOnDetail: true });
        picked = item?.design;
      }
      if (!picked) return undefined;
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('design', picked, target);
      c.status.update();
      return picked;
    }),
    vscode.commands.registerCommand('mmlab.exportReport', async (arg?: unknown, target?: unknown): Promise<string | undefined> => {
      const uri = await scenarioUri(arg);
      if (!uri) return undefined;
      let out = target instanceof vscode.Uri ? target : typeof target === 'string' && target ? vscode.Uri.parse(target) : undefined;
      if (!out) {
        out = await vscode.window.showSaveDialog({
          title: 'Export the mmlab report',
          defaultUri: uri.with({ path: uri.path.replace(/\.mmlab$/, '') + '.html' }),
          filters: { 'Memory map (self-contained HTML)': ['html'], 'Markdown report': ['md'] },
        });
      }
      if (!out) return undefined;
      const run = await server.run(uri.toString());
      let text: string;
      if (/\.(md|markdown)$/i.test(out.path)) {
        const compare = await server.compare(uri.toString()).catch(() => undefined);
        text = renderMarkdownReport(run, compare);
      } else {
        text = renderMemoryMapHtml(run, { sourceLabel: vscode.workspace.asRelativePath(uri) });
      }
      await vscode.workspace.fs.writeFile(out, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(`mmlab: report written to ${vscode.workspace.asRelativePath(out)}`, 'Open').then((pick) => {
        if (pick) void vscode.commands.executeCommand('vscode.open', out);
      });
      return out.toString();
    }),
  ];
}
