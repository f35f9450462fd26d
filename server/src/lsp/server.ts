/**
 * The mmlab language server: the only code that knows LSP. It keeps the open
 * documents, publishes static diagnostics at once on every change, runs the
 * simulation in a worker (debounced, tied to the document version, cancelled
 * when stale) and answers editor requests by converting the plain-data answers
 * of server/src/analysis/* into LSP types.
 *
 * `startServer()` is what main.ts (dist/server/server.js) and `mmlab lsp --stdio` call.
 */
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeLens,
  CompletionItem,
  CompletionItemKind,
  Connection,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeConfigurationParams,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  LSPErrorCodes,
  PrepareRenameParams,
  DocumentHighlight,
  DocumentHighlightKind,
  DocumentSymbol,
  ErrorCodes,
  FoldingRange,
  InlayHint,
  InsertTextFormat,
  Location,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  SemanticTokens,
  TextDocumentSyncKind,
  TextEdit,
  WorkDoneProgressParams,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import {
  COMPARE_REQUEST,
  CompareData,
  CompareParams,
  RUN_REQUEST,
  RunData,
  RunParams,
  STEP_AT_REQUEST,
  StepAtParams,
  StepAtResult,
} from '../common/protocol';
import { LineIndex } from '../common/span';
import { mergeDiagnostics, StaticAnalysis } from '../analysis/analyze';
import { codeActions } from '../analysis/codeActions';
import { compareRows, DesignRun } from '../analysis/compare';
import { completionsAt, CompletionEntry } from '../analysis/completion';
import { FeatureContext } from '../analysis/context';
import { definitionAt } from '../analysis/definition';
import { foldingRanges } from '../analysis/folding';
import { formatEdits } from '../analysis/formatting';
import { hoverAt } from '../analysis/hover';
import { inlayHints } from '../analysis/inlayHints';
import { lensSites, lensTitle, LensKind } from '../analysis/lenses';
import { highlightsAt, referencesAt } from '../analysis/references';
import { prepareRename, renameEdits } from '../analysis/rename';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from '../analysis/semanticTokens';
import { signatureAt } from '../analysis/signatureHelp';
import { stepLookup } from '../analysis/steps';
import { documentSymbols, OutlineSymbol } from '../analysis/symbols';
import { buildRunData, verdictOf } from '../analysis/timeline';
import { DesignName, DESIGNS } from '../model/ir';
import { DEFAULT_SETTINGS, parseSettings, Settings } from './config';
import { COMPLETION_KIND, encodeTokens, OUTLINE_KIND, toLspDiagnostic, toRange, toSpan } from './convert';
import { Documents, DocState, FinishedRun } from './documents';
import { JobProgress, resolveWorker, SimulationHost } from './simHost';
import { LARGE_FILE_LINES, outcomeToRun, RunScheduler } from './runs';

export interface ServerOptions {
  /** an existing connection (tests); default: stdio, or the transport named on the command line */
  connection?: Connection;
}

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

function defaultConnection(): Connection {
  const named = process.argv.some((a) => TRANSPORT_FLAGS.some((f) => a === f || a.startsWith(`${f}=`)));
  return named ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
}

export function startServer(options: ServerOptions = {}): Connection {
  const connection = options.connection ?? defaultConnection();
  const server = new MmlabServer(connection);
  server.listen();
  return connection;
}

interface LensData {
  uri: string;
  version: number;
  kind: LensKind;
  start: number;
}

class MmlabServer {
  private readonly docs = new Documents();
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly background: SimulationHost;
  private readonly requests: SimulationHost;
  private readonly runs: RunScheduler;
  private caps = {
    configuration: false,
    configurationDynamic: false,
    progress: false,
    codeLensRefresh: false,
    inlayHintRefresh: false,
    semanticTokensRefresh: false,
  };

  constructor(private readonly connection: Connection) {
    const worker = resolveWorker();
    const log = (m: string) => this.connection.console.log(m);
    this.background = new SimulationHost({ worker, log });
    this.requests = new SimulationHost({ worker, log });
    this.runs = new RunScheduler(connection, this.docs, this.background, this.requests, {
      settings: () => this.settings,
      caps: this.caps,
      guard: (where, fn) => this.guard(where, fn),
    });
  }

  listen(): void {
    const c = this.connection;
    // stdout is the protocol channel: nothing may print there
    console.log = (...a: unknown[]) => c.console.log(a.map(String).join(' '));
    console.info = console.log;
    console.warn = (...a: unknown[]) => c.console.warn(a.map(String).join(' '));
    console.error = (...a: unknown[]) => c.console.error(a.map(String).join(' '));
    process.on('uncaughtException', (e) => this.logError('uncaught exception', e));
    process.on('unhandledRejection', (e) => this.logError('unhandled rejection', e));

    c.onInitialize((params) => {
      const cap = params.capabilities;
      this.caps.configuration = !!cap.workspace?.configuration;
      this.caps.configurationDynamic = !!cap.workspace?.didChangeConfiguration?.dynamicRegistration;
      this.caps.progress = !!cap.window?.workDoneProgress;
      this.caps.codeLensRefresh = !!cap.workspace?.codeLens?.refreshSupport;
      this.caps.inlayHintRefresh = !!cap.workspace?.inlayHint?.refreshSupport;
      this.caps.semanticTokensRefresh = !!cap.workspace?.semanticTokens?.refreshSupport;
      const init = params.initializationOptions as Record<string, unknown> | undefined;
      if (init && typeof init === 'object') this.settings = parseSettings(init.settings ?? init.mmlab ?? init);
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          hoverProvider: true,
          completionProvider: { triggerCharacters: ['|', '(', ',', ' ', '=', '{'] },
          signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
          definitionProvider: true,
          referencesProvider: true,
          documentHighlightProvider: true,
          renameProvider: { prepareProvider: true },
          documentSymbolProvider: true,
          foldingRangeProvider: true,
          documentFormattingProvider: true,
          semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          inlayHintProvider: true,
          codeLensProvider: { resolveProvider: true },
        },
        serverInfo: { name: 'mmlab', version: '0.1.0' },
      };
    });

    c.onInitialized(() => {
      if (this.caps.configuration && this.caps.configurationDynamic) {
        void c.client.register(DidChangeConfigurationNotification.type, { section: 'mmlab' }).catch(() => undefined);
      }
      void this.pullSettings();
    });

    c.onDidChangeConfiguration((p: DidChangeConfigurationParams) => {
      if (this.caps.configuration) void this.pullSettings();
      else if (p.settings && typeof p.settings === 'object') this.applySettings(parseSettings((p.settings as Record<string, unknown>).mmlab ?? p.settings));
    });

    c.onDidOpenTextDocument((p: DidOpenTextDocumentParams) =>
      this.guard('didOpen', () => {
        const st = this.docs.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
        this.runs.scheduleRun(st);
        this.runs.publishStatic(st);
      }),
    );
    c.onDidChangeTextDocument((p: DidChangeTextDocumentParams) =>
      this.guard('didChange', () => {
        const st = this.docs.change(p.textDocument.uri, p.textDocument.version, p.contentChanges, false);
        if (!st) return;
        // the worker starts parsing the new text while this thread does the same for the static publish
        this.runs.scheduleRun(st);
        this.docs.reanalyze(st);
        this.runs.publishStatic(st);
      }),
    );
    c.onDidCloseTextDocument((p: DidCloseTextDocumentParams) =>
      this.guard('didClose', () => {
        this.runs.close(p.textDocument.uri);
        this.docs.close(p.textDocument.uri);
        c.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
      }),
    );

    c.onHover(async (p) =>
      this.guardAsync('hover', null, async () => {
        const ctx = await this.context(p.textDocument.uri, true);
        if (!ctx) return null;
        const idx = ctx.stat.lineIndex;
        const h = hoverAt(ctx, idx.offsetAt(p.position));
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(idx, h.span) } : null;
      }),
    );

    c.onCompletion((p) =>
      this.guard('completion', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return [];
        const idx = ctx.stat.lineIndex;
        return completionsAt(ctx, idx.offsetAt(p.position)).map((e) => this.completionItem(idx, e));
      }, []),
    );

    c.onSignatureHelp((p) =>
      this.guard('signatureHelp', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return null;
        const s = signatureAt(ctx, ctx.stat.lineIndex.offsetAt(p.position));
        if (!s) return null;
        return {
          signatures: [
            {
              label: s.label,
              documentation: { kind: MarkupKind.Markdown, value: s.documentation },
              parameters: s.parameters.map((q) => ({ label: q.label, documentation: q.documentation })),
            },
          ],
          activeSignature: 0,
          activeParameter: s.activeParameter,
        };
      }, null),
    );

    c.onDefinition((p) =>
      this.guard('definition', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return null;
        const span = definitionAt(ctx, ctx.stat.lineIndex.offsetAt(p.position));
        return span ? Location.create(p.textDocument.uri, toRange(ctx.stat.lineIndex, span)) : null;
      }, null),
    );

    c.onReferences((p) =>
      this.guard('references', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return [];
        const idx = ctx.stat.lineIndex;
        return referencesAt(ctx, idx.offsetAt(p.position), p.context.includeDeclaration).map((s) => Location.create(p.textDocument.uri, toRange(idx, s)));
      }, []),
    );

    c.onDocumentHighlight((p) =>
      this.guard('documentHighlight', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return [];
        const idx = ctx.stat.lineIndex;
        return highlightsAt(ctx, idx.offsetAt(p.position)).map((h) =>
          DocumentHighlight.create(toRange(idx, h.span), h.isDecl ? DocumentHighlightKind.Write : DocumentHighlightKind.Read),
        );
      }, []),
    );

    c.onPrepareRename((p: PrepareRenameParams) =>
      this.guard('prepareRename', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return null;
        const r = prepareRename(ctx, ctx.stat.lineIndex.offsetAt(p.position));
        if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
        return { range: toRange(ctx.stat.lineIndex, r.span), placeholder: r.placeholder };
      }, null, true),
    );

    c.onRenameRequest((p) =>
      this.guard('rename', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return null;
        const idx = ctx.stat.lineIndex;
        const r = renameEdits(ctx, idx.offsetAt(p.position), p.newName);
        if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
        return { changes: { [p.textDocument.uri]: r.edits.map((e) => TextEdit.replace(toRange(idx, e.span), e.newText)) } };
      }, null, true),
    );

    c.onDocumentSymbol((p) =>
      this.guard('documentSymbol', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return [];
        const idx = ctx.stat.lineIndex;
        const conv = (s: OutlineSymbol): DocumentSymbol => ({
          name: s.name,
          detail: s.detail,
          kind: OUTLINE_KIND[s.kind],
          range: toRange(idx, s.span),
          selectionRange: toRange(idx, s.selection),
          children: s.children?.map(conv),
        });
        return documentSymbols(ctx).map(conv);
      }, []),
    );

    c.onFoldingRanges((p) =>
      this.guard('foldingRange', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return [];
        const idx = ctx.stat.lineIndex;
        const out: FoldingRange[] = [];
        for (const f of foldingRanges(ctx)) {
          const a = idx.positionAt(f.span.start).line;
          const b = idx.positionAt(f.span.end).line;
          if (b > a) out.push({ startLine: a, endLine: b, ...(f.kind ? { kind: f.kind } : {}) });
        }
        return out;
      }, []),
    );

    c.onDocumentFormatting((p) =>
      this.guard('formatting', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return [];
        const idx = ctx.stat.lineIndex;
        return formatEdits(ctx, { tabSize: p.options.tabSize, insertSpaces: p.options.insertSpaces }).map((e) => TextEdit.replace(toRange(idx, e.span), e.newText));
      }, []),
    );

    c.languages.semanticTokens.on((p) =>
      this.guard('semanticTokens', () => {
        const ctx = this.contextNow(p.textDocument.uri);
        if (!ctx) return { data: [] };
        return encodeTokens(ctx.stat.lineIndex, semanticTokens(ctx));
      }, { data: [] } as SemanticTokens),
    );

    c.onCodeAction((p) =>
      this.guard('codeAction', () => {
        const st = this.docs.get(p.textDocument.uri);
        const ctx = this.contextNow(p.textDocument.uri);
        if (!st || !ctx) return [];
        const idx = ctx.stat.lineIndex;
        const range = toSpan(idx, p.range);
        const out: CodeAction[] = [];
        for (const a of codeActions(ctx, range)) {
          const action: CodeAction = {
            title: a.title,
            kind: CodeActionKind.QuickFix,
            edit: { changes: { [p.textDocument.uri]: a.edits.map((e) => TextEdit.replace(toRange(idx, e.span), e.newText)) } },
          };
          if (a.diagnostic) action.diagnostics = [toLspDiagnostic(idx, p.textDocument.uri, a.diagnostic)];
          if (a.preferred) action.isPreferred = true;
          out.push(action);
        }
        return out;
      }, []),
    );

    c.languages.inlayHint.on(async (p) =>
      this.guardAsync('inlayHint', [], async () => {
        if (!this.settings.inlayHints.enabled) return [];
        const ctx = await this.context(p.textDocument.uri, true);
        if (!ctx?.run) return [];
        const idx = ctx.stat.lineIndex;
        return inlayHints(ctx.stat.parse.file, ctx.run, toSpan(idx, p.range)).map(
          (h): InlayHint => ({ position: idx.positionAt(h.offset), label: ` ${h.label}`, paddingLeft: true, ...(h.tooltip ? { tooltip: h.tooltip } : {}) }),
        );
      }),
    );

    c.onCodeLens((p) =>
      this.guard('codeLens', () => {
        const st = this.docs.get(p.textDocument.uri);
        if (!st?.stat) return [];
        const idx = st.stat.lineIndex;
        return lensSites(st.stat.parse.file, this.settings.lenses).map(
          (site): CodeLens => ({ range: toRange(idx, site.span), data: { uri: st.uri, version: st.doc.version, kind: site.kind, start: site.span.start } satisfies LensData }),
        );
      }, []),
    );

    c.onCodeLensResolve(async (lens: CodeLens) =>
      this.guardAsync('codeLensResolve', lens, async () => this.resolveLens(lens)),
    );

    c.onRequest(RUN_REQUEST, (p: RunParams, token: CancellationToken) => this.guardAsync('mmlab/run', null, () => this.runRequest(p, token), true));
    c.onRequest(COMPARE_REQUEST, (p: CompareParams & WorkDoneProgressParams, token: CancellationToken) =>
      this.guardAsync('mmlab/compare', null, () => this.compareRequest(p, token, p.workDoneToken !== undefined ? c.languages.attachWorkDoneProgress(p) : undefined), true),
    );
    c.onRequest(STEP_AT_REQUEST, (p: StepAtParams, token: CancellationToken) => this.guardAsync('mmlab/stepAt', { index: -1 }, () => this.stepAtRequest(p, token), true));

    c.onShutdown(() => {
      this.background.dispose();
      this.requests.dispose();
    });
    c.onExit(() => {
      this.background.dispose();
      this.requests.dispose();
    });

    c.listen();
  }

  // ------------------------------------------------------------------ settings

  private async pullSettings(): Promise<void> {
    if (!this.caps.configuration) return;
    try {
      const raw = await this.connection.workspace.getConfiguration('mmlab');
      this.applySettings(parseSettings(raw));
    } catch (e) {
      this.logError('workspace/configuration', e);
    }
  }

  private applySettings(next: Settings): void {
    const prev = this.settings;
    this.settings = next;
    const rerun = prev.design !== next.design || prev.budget.maxSteps !== next.budget.maxSteps || prev.budget.maxMs !== next.budget.maxMs;
    if (rerun) for (const st of this.docs.all()) this.runs.scheduleRun(st, true);
    this.runs.refreshViews();
  }

  // ------------------------------------------------------------------ feature context

  private contextNow(uri: string): FeatureContext | undefined {
    const st = this.docs.get(uri);
    if (!st?.stat) return undefined;
    const current = st.run && st.run.version === st.doc.version ? st.run : undefined;
    const detail = st.detail?.done && st.detail.version === st.doc.version ? st.detail.done : undefined;
    const fresh = current && !current.detailed && detail ? detail : current;
    return {
      stat: st.stat,
      run: fresh?.result,
      design: fresh?.design ?? st.stat.program.design?.name ?? this.settings.design,
      diagnostics: fresh ? fresh.all : mergeDiagnostics(st.staticDiagnostics, st.carried),
    };
  }

  private async context(uri: string, wantRun: boolean): Promise<FeatureContext | undefined> {
    if (wantRun) {
      const fin = await this.runs.waitForRun(uri);
      if (fin && !fin.detailed) await this.runs.detailedRun(uri, fin);
    }
    return this.contextNow(uri);
  }

  private completionItem(idx: LineIndex, e: CompletionEntry): CompletionItem {
    const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] ?? CompletionItemKind.Text };
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
    if (e.sortText) item.sortText = e.sortText;
    if (e.insertText !== undefined || e.replace) {
      const text = e.insertText ?? e.label;
      if (e.replace) item.textEdit = TextEdit.replace(toRange(idx, e.replace), text);
      else item.insertText = text;
      if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    }
    return item;
  }

  // ------------------------------------------------------------------ lenses

  private async resolveLens(lens: CodeLens): Promise<CodeLens> {
    const data = lens.data as LensData | undefined;
    if (!data) return lens;
    const st = this.docs.get(data.uri);
    if (!st) return { ...lens, command: { title: '…', command: '' } };
    let run: FinishedRun | undefined = st.run?.version === data.version ? st.run : undefined;
    if (!run && st.doc.version === data.version) run = await this.runs.waitForRun(data.uri);
    const design = run?.design ?? st.stat?.program.design?.name ?? this.settings.design;
    const title = lensTitle({ kind: data.kind, span: { start: data.start, end: data.start } }, { design, run: run?.result, verdict: run ? verdictOf(run.result, run.all) : undefined });
    const command = data.kind === 'run' ? 'mmlab.run' : data.kind === 'compare' ? 'mmlab.compare' : data.kind === 'map' ? 'mmlab.showMemoryMap' : '';
    return { ...lens, command: { title, command, ...(command ? { arguments: [data.uri] } : {}) } };
  }

  // ------------------------------------------------------------------ custom requests

  private docOrThrow(uri: string): DocState {
    const st = this.docs.get(uri);
    if (!st) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${uri} is not open`);
    if (!st.stat) throw new ResponseError(ErrorCodes.InternalError, 'mmlab: the front end failed on this document');
    return st;
  }

  private designOf(st: DocState, requested?: DesignName): DesignName {
    if (requested && !DESIGNS.includes(requested)) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: unknown design ${requested}`);
    return requested ?? st.stat?.program.design?.name ?? this.settings.design;
  }

  /** Runs the document's current text under `designs` (background result reused when it matches). */
  private async runDesigns(st: DocState, designs: DesignName[], token: CancellationToken, onProgress?: (p: JobProgress) => void): Promise<{ version: number; stat: StaticAnalysis; runs: DesignRun[] }> {
    const version = st.doc.version;
    const stat = st.stat!;
    const backgroundDesign = stat.program.design?.name ?? this.settings.design;
    if (designs.length === 1 && designs[0] === backgroundDesign && st.doc.lineCount <= LARGE_FILE_LINES) {
      const bg = await this.runs.waitForRun(st.uri);
      if (bg && bg.version === version && bg.design === designs[0]) return { version, stat, runs: [{ design: bg.design, run: bg.result, all: bg.all }] };
    }
    const handle = this.requests.submit(
      { text: stat.text, designs, fallbackDesign: this.settings.design, maxSteps: this.settings.budget.maxSteps, maxMs: this.settings.budget.maxMs },
      onProgress,
    );
    const sub = token.onCancellationRequested(() => handle.cancel());
    const outcome = await handle.promise;
    sub.dispose();
    if (outcome.status === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const runs = designs.map((design, i) => {
      const run = outcome.status === 'done' ? outcome.runs[i] ?? outcomeToRun({ status: 'failed', error: 'no result' }, design, this.settings) : outcomeToRun(outcome, design, this.settings);
      return { design, run, all: mergeDiagnostics(stat.diagnostics, run.diagnostics) };
    });
    return { version, stat, runs };
  }

  private async runRequest(p: RunParams, token: CancellationToken): Promise<RunData> {
    const st = this.docOrThrow(p.uri);
    const design = this.designOf(st, p.design);
    const { version, stat, runs } = await this.runDesigns(st, [design], token);
    const r = runs[0];
    return buildRunData({ uri: p.uri, version, design, title: stat.program.title, index: stat.lineIndex, run: r.run, all: r.all });
  }

  private async compareRequest(p: CompareParams, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<CompareData> {
    const st = this.docOrThrow(p.uri);
    const designs = (p.designs?.length ? p.designs : this.settings.compareDesigns).map((d) => this.designOf(st, d));
    let reporter: WorkDoneProgressReporter | undefined = clientProgress;
    if (!reporter && this.caps.progress) reporter = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    reporter?.begin('mmlab: comparing designs', 0, designs.join(', '), false);
    try {
      const { version, stat, runs } = await this.runDesigns(st, designs, token, (q) =>
        reporter?.report(Math.round((100 * q.designIndex) / Math.max(1, q.designCount)), `${q.design}: ${q.executed.toLocaleString('en-US')} statements`),
      );
      const rows = compareRows(stat.parse.file, stat.text, runs).map(({ span, ...rest }) => ({ ...rest, range: toRange(stat.lineIndex, span) }));
      const verdicts: CompareData['verdicts'] = {};
      for (const r of runs) verdicts[r.design] = verdictOf(r.run, r.all);
      return { uri: p.uri, version, designs, rows, verdicts };
    } finally {
      reporter?.done();
    }
  }

  private async stepAtRequest(p: StepAtParams, token: CancellationToken): Promise<StepAtResult> {
    const st = this.docOrThrow(p.uri);
    const design = this.designOf(st, p.design);
    const { stat, runs } = await this.runDesigns(st, [design], token);
    return { index: stepLookup(runs[0].run).indexAt(stat.lineIndex.offsetAt(p.position)) };
  }

  // ------------------------------------------------------------------ robustness

  private logError(where: string, e: unknown): void {
    const msg = e instanceof Error ? e.stack ?? e.message : String(e);
    try {
      this.connection.console.error(`mmlab ${where}: ${msg}`);
    } catch {
      /* the connection itself is gone */
    }
  }

  /** Runs a handler; a throw is logged and answered with `fallback` (ResponseErrors pass through when `rethrowResponse`). */
  private guard<T>(where: string, fn: () => T, fallback?: T, rethrowResponse = false): T {
    try {
      return fn();
    } catch (e) {
      if (rethrowResponse && e instanceof ResponseError) throw e;
      this.logError(where, e);
      return fallback as T;
    }
  }

  private async guardAsync<T>(where: string, fallback: T, fn: () => Promise<T>, rethrowResponse = false): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ResponseError && (rethrowResponse || e.code === -32800)) throw e;
      this.logError(where, e);
      if (rethrowResponse) throw new ResponseError(ErrorCodes.InternalError, `mmlab: ${where} failed: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    }
  }
}

