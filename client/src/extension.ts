/**
 * mmlab VS Code extension: starts the language server and wires the commands,
 * the status bar and the webviews (memory map, comparison, sweep: each restored
 * after a window reload). activate() returns at once; the server starts in the
 * background (its readiness is exposed for tests and logged with the activation time).
 */
import * as vscode from 'vscode';
import { compareDesigns, registerCommands } from './commands';
import { registerWhatIfCommands } from './whatIf';
import { registerSweepCommand, registerSweepSerializer } from './sweepPanel';
import { COMPARE_VIEW_TYPE, ComparePanel } from './comparePanel';
import { MEMORY_MAP_VIEW_TYPE, MemoryMapPanel } from './memoryMapPanel';
import { ServerConnection } from './serverClient';
import { DesignStatus } from './statusBar';
import type { CompareState, MemoryMapState } from '../../server/src/clientApi';

export interface ActivationTimings {
  /** activate() start to return (ms) */
  activateMs: number;
  /** where activate() spent its time (ms per part, in order) */
  parts: Record<string, number>;
  /** activate() start to the language client's initialize handshake done (ms) */
  clientReadyMs?: number;
}

export interface MmlabApi {
  timings: ActivationTimings;
  /** resolves when the language server has answered initialize */
  ready: Promise<void>;
  server: ServerConnection;
}

let connection: ServerConnection | undefined;

export function activate(context: vscode.ExtensionContext): MmlabApi {
  const t0 = performance.now();
  const parts: Record<string, number> = {};
  let last = t0;
  const mark = (name: string) => {
    const now = performance.now();
    parts[name] = now - last;
    last = now;
  };
  const log = vscode.window.createOutputChannel('mmlab', { log: true });
  const runOutput = vscode.window.createOutputChannel('mmlab runs');
  mark('outputChannels');
  const server = new ServerConnection(context, log);
  connection = server;
  mark('languageClient');
  const status = new DesignStatus();
  context.subscriptions.push(log, runOutput, server, status, server.onRunFinished((p) => status.runFinished(p)));
  mark('statusBar');
  context.subscriptions.push(...registerCommands({ context, server, runOutput, status }), ...registerWhatIfCommands(server), registerSweepCommand(context, server, compareDesigns));
  mark('commands');
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(MEMORY_MAP_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: MemoryMapState | undefined) {
        await MemoryMapPanel.restore(context, server, panel, state);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: CompareState | undefined) {
        await ComparePanel.restore(context, server, panel, state);
      },
    }),
    registerSweepSerializer(context),
  );
  mark('serializers');
  const timings: ActivationTimings = { activateMs: performance.now() - t0, parts };
  const ready = server.ready.then(
    () => {
      timings.clientReadyMs = performance.now() - t0;
      log.info(`activated in ${timings.activateMs.toFixed(1)} ms (${Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}); language server ready after ${timings.clientReadyMs.toFixed(1)} ms`);
    },
    (e: unknown) => {
      log.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    },
  );
  ready.catch(() => undefined);
  return { timings, ready, server };
}

export async function deactivate(): Promise<void> {
  await connection?.dispose();
  connection = undefined;
}
