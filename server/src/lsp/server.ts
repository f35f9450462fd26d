/**
 * The mmlab language server: the only code that knows LSP. It keeps the open
 * documents; an edit only applies the text and publishes the last diagnostics
 * shifted through it (nothing is parsed on this thread on the edit path, ADR
 * 0007); the worker parses and simulates (debounced, tied to the document
 * version, cancelled when stale; runs.ts); requests are answered from the latest
 * results (runView.ts) by converting the plain-data answers of
 * server/src/analysis/* into LSP types (one file per handler group in handlers/).
 *
 * `startServer()` is what main.ts (dist/server/server.js) and `mmlab lsp --stdio` call.
 */
import { Connection } from 'vscode-languageserver/node';
import { mergeDiagnostics } from '../analysis/analyze';
import { FeatureContext } from '../analysis/context';
import { resolveDesign } from '../model/ir';
import { noClientCaps, readClientCaps, serverCapabilities } from './capabilities';
import { DEFAULT_SETTINGS, parseSettings, Settings } from './config';
import { redirectConsole } from './console';
import { DesignFiles } from './designFiles';
import { Documents } from './documents';
import { Guard } from './guard';
import { exposeGc, IdleCompactor, idleCompactOn } from './idleGc';
import { registerCustomRequests } from './handlers/custom';
import { registerDisplay } from './handlers/display';
import { registerDocumentSync } from './handlers/documentSync';
import { registerEditing } from './handlers/editing';
import { registerNavigation } from './handlers/navigation';
import { RunScheduler } from './runs';
import { Session } from './session';
import { resolveWorker, SimulationHost } from './simHost';
import { transportConnection } from './transport';

export interface ServerOptions {
  /** an existing connection (tests); default: stdio, or the transport named on the command line */
  connection?: Connection;
}

export function startServer(options: ServerOptions = {}): Connection {
  const connection = options.connection ?? transportConnection();
  const server = new MmlabServer(connection);
  server.listen();
  return connection;
}

class MmlabServer implements Session {
  readonly docs = new Documents();
  /** the workspace designs.mmlab each document sees (open editors first, then the disk) */
  readonly designFiles = new DesignFiles((uri) => this.docs.get(uri)?.doc.getText());
  readonly guard: Guard;
  readonly caps = noClientCaps();
  readonly runs: RunScheduler;
  private current: Settings = DEFAULT_SETTINGS;
  /** background runs of open documents */
  private readonly background: SimulationHost;
  /** runs the custom requests ask for */
  private readonly requests: SimulationHost;

  constructor(readonly connection: Connection) {
    this.guard = new Guard(connection);
    const worker = resolveWorker();
    const log = (m: string) => this.connection.console.log(m);
    // the background worker's first statement edits of a long document run warm (lsp/warmUp.ts)
    // this thread gives back the young generation it grew for the results once no job came for seconds (lsp/idleGc.ts)
    const compactor = new IdleCompactor(idleCompactOn() ? exposeGc() : undefined);
    const onWork = (): void => compactor.worked();
    this.background = new SimulationHost({ worker, log, warmUp: true, onWork });
    this.requests = new SimulationHost({ worker, log, onWork });
    this.runs = new RunScheduler(connection, this.docs, this.background, this.requests, {
      settings: () => this.current,
      caps: this.caps,
      guard: (where, fn) => this.guard.run(where, fn),
      designs: (uri) => this.designFiles.textFor(uri),
    });
    this.docs.designsOf = (uri) => this.designFiles.textFor(uri);
  }

  settings(): Settings {
    return this.current;
  }

  listen(): void {
    const c = this.connection;
    redirectConsole(c, this.guard);
    c.onInitialize((params) => {
      readClientCaps(params.capabilities, this.caps, params.clientInfo?.name);
      this.designFiles.roots = (params.workspaceFolders ?? []).map((f: { uri: string }) => f.uri).concat(params.rootUri && !params.workspaceFolders?.length ? [params.rootUri] : []);
      const init = params.initializationOptions as Record<string, unknown> | undefined;
      if (init && typeof init === 'object') this.current = parseSettings(init.settings ?? init.mmlab ?? init);
      return serverCapabilities();
    });
    registerDocumentSync(this);
    registerDisplay(this);
    registerEditing(this);
    registerNavigation(this);
    registerCustomRequests(this);
    const dispose = () => {
      this.background.dispose();
      this.requests.dispose();
    };
    c.onShutdown(dispose);
    c.onExit(dispose);
    c.listen();
  }

  applySettings(next: Settings): void {
    const prev = this.current;
    this.current = next;
    const rerun = prev.design !== next.design || prev.budget.maxSteps !== next.budget.maxSteps || prev.budget.maxMs !== next.budget.maxMs;
    if (rerun) for (const st of this.docs.all()) this.runs.scheduleRun(st, true);
    this.runs.refreshViews();
  }

  contextNow(uri: string): FeatureContext | undefined {
    const st = this.docs.get(uri);
    const stat = st && this.docs.ensure(st);
    if (!st || !stat) return undefined;
    const current = st.run && st.run.version === st.doc.version ? st.run : undefined;
    const detail = st.detail?.done && st.detail.version === st.doc.version ? st.detail.done : undefined;
    const fresh = current && !current.detailed && detail ? detail : current;
    return {
      stat,
      run: fresh?.result,
      design: resolveDesign(fresh?.design, stat.program, this.current.design),
      diagnostics: fresh ? fresh.all : mergeDiagnostics(st.staticDiagnostics, st.carried),
    };
  }
}
