/**
 * Background simulation runs of open documents: leading-edge debounce, one run
 * per version on the background worker (which also does the static analysis:
 * docs/adr/0007), stale runs cancelled and dropped, never started for a version
 * already replaced,
 * diagnostics published when a run lands, $/progress for long runs, and the
 * on-demand detailed run of large files, and the runs custom requests ask for
 * (runDesigns). The LSP handlers (handlers/*.ts) call in.
 */
import { CancellationToken, Connection, LSPErrorCodes, ResponseError, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { mergeDiagnostics, StaticAnalysis } from '../analysis/analyze';
import { DesignRun } from '../analysis/compare';
import { verdictOf } from '../analysis/timeline';
import { Diagnostic } from '../common/diagnostics';
import { RUN_FINISHED_NOTIFICATION, RunFinishedParams } from './protocol';
import { DesignName, resolveDesign } from '../model/ir';
import { emptyRun, isBinding, RunResult } from '../mm/result';
import { Settings } from './config';
import { toLspDiagnostic } from './convert';
import { mark } from './editTiming';
import { Documents, DocState, FinishedRun, isTyping, lineIndexOf, noteAnalysed, TYPING_GAP_MS } from './documents';
import { JobDiagnostics, JobHandle, JobOutcome, JobProgress, SimulationHost } from './simHost';

/** How long a feature that wants run data (hover, lenses, inlay hints) waits for the current version's run. */
export const RUN_WAIT_MS = 2000;
/** Runs longer than this get a $/progress indicator. */
const PROGRESS_AFTER_MS = 250;
/**
 * Files longer than this get a diagnostics-only background run (no trace events,
 * no step records: per-step snapshots dominate the cost on thousands of lines);
 * hovers and inlay hints then ask for a detailed run of that version on demand.
 */
export const LARGE_FILE_LINES = 2000;
/**
 * Files longer than this get no step details at all: a detailed run of a 65,000-line (1 MB) file
 * took 1.8 s of CPU and its 20,000 step records were a 14 MB message, whose decoding froze the
 * server's thread for 0.2-0.3 s (issue 15). Hovers there show the run's diagnostics, mappings and
 * nodes, without per-step outcomes.
 */
export const DETAIL_MAX_LINES = 20_000;

interface RunProgress {
  timer?: NodeJS.Timeout;
  reporter?: WorkDoneProgressServerReporter;
  done: boolean;
}

interface Sched {
  timer?: NodeJS.Timeout;
  lastKick: number;
  /** how long the last run that landed took (ms): a burst of keystrokes closer than that cancels every run it starts */
  lastRunMs: number;
  /** `designs`: the workspace designs text the job sees */
  job?: { handle: JobHandle; version: number; designs: string | undefined };
  waiters: { version: number; resolve: (r: FinishedRun | undefined) => void }[];
  /** released when the document moves past `version` */
  onStale: { version: number; resolve: () => void }[];
  progress?: RunProgress;
  /** asks for the step details of the latest run once typing pauses (askDetails) */
  detailTimer?: NodeJS.Timeout;
}

export interface RunEnv {
  settings: () => Settings;
  caps: { progress: boolean; codeLensRefresh: boolean; inlayHintRefresh: boolean };
  /** the workspace designs text a document sees now (lsp/designFiles.ts) */
  designs: (uri: string) => string | undefined;
  guard: <T>(where: string, fn: () => T) => T;
}

export class RunScheduler {
  private readonly sched = new Map<string, Sched>();

  constructor(
    private readonly connection: Connection,
    private readonly docs: Documents,
    private readonly background: SimulationHost,
    private readonly requests: SimulationHost,
    private readonly env: RunEnv,
  ) {}

  /** Forget a closed document: cancel its run, release its waiters; the worker drops what it kept for it. */
  close(uri: string): void {
    const s = this.sched.get(uri);
    if (!s) return;
    if (s.timer) clearTimeout(s.timer);
    if (s.detailTimer) clearTimeout(s.detailTimer);
    s.job?.handle.cancel();
    this.background.forget(uri);
    this.endProgress(s.progress);
    for (const w of s.waiters.splice(0)) w.resolve(undefined);
    for (const w of s.onStale.splice(0)) w.resolve();
    this.sched.delete(uri);
  }

  // ------------------------------------------------------------------ diagnostics and runs

  publish(st: DocState, ds: Diagnostic[]): void {
    const idx = lineIndexOf(st);
    this.connection.sendDiagnostics({ uri: st.uri, version: st.doc.version, diagnostics: ds.map((d) => toLspDiagnostic(idx, st.uri, d)) });
  }

  /** Static diagnostics now, with the last run's diagnostics carried over (shifted) until the new run lands. */
  publishStatic(st: DocState): void {
    this.publish(st, mergeDiagnostics(st.staticDiagnostics, st.carried));
  }

  schedOf(uri: string): Sched {
    let s = this.sched.get(uri);
    if (!s) {
      s = { lastKick: -Infinity, lastRunMs: 0, waiters: [], onStale: [] };
      this.sched.set(uri, s);
    }
    return s;
  }

  /**
   * Leading-edge debounce: an edit after a quiet period runs at once; edits
   * arriving within debounceMs of the last start are coalesced into one run at
   * the end of that window. A run for an older version is cancelled.
   */
  scheduleRun(st: DocState, force = false): void {
    const s = this.schedOf(st.uri);
    // a feature waiting for an older version's run answers now, from the latest results
    if (s.waiters.some((w) => w.version < st.doc.version)) {
      const still: Sched['waiters'] = [];
      for (const w of s.waiters) (w.version < st.doc.version ? w.resolve(undefined) : still.push(w));
      s.waiters = still;
    }
    if (s.onStale.length) {
      const still: Sched['onStale'] = [];
      for (const w of s.onStale) (w.version < st.doc.version ? w.resolve() : still.push(w));
      s.onStale = still;
    }
    // the step details of a version the document has left would never be shown: a 5,000-line
    // version's took 150-200 ms of a core and their decoding held this thread for 40-60 ms, during
    // which no hover was answered (the burst bench's hovers, issue 15)
    const detail = st.detail;
    if (detail && detail.done === undefined && detail.version < st.doc.version) {
      detail.cancel();
      st.detail = undefined;
    }
    if (s.job && (force || s.job.version !== st.doc.version || s.job.designs !== this.env.designs(st.uri))) {
      s.job.handle.cancel();
      s.job = undefined;
      this.endProgress(s.progress);
    }
    if (s.timer) return;
    const debounceMs = this.env.settings().debounceMs;
    const delay = force ? 0 : Math.max(0, s.lastKick + debounceMs - performance.now(), this.quietWait(st, s));
    const fire = (): void => {
      s.timer = undefined;
      // still inside a burst: wait for its quiet window
      const cur = this.docs.get(st.uri);
      const wait = cur ? this.quietWait(cur, s) : 0;
      if (wait > 0) s.timer = setTimeout(fire, wait);
      else this.kick(st.uri);
    };
    if (delay <= 0) this.kick(st.uri);
    else s.timer = setTimeout(fire, delay);
  }

  /**
   * Keystrokes closer together than the debounce window, on a document whose last run took longer
   * than the gap between them: every run started now would be cancelled by the next keystroke
   * (wasted work on the worker, competing with this thread for the cores). The run waits for a
   * quiet debounce window after the last keystroke instead: the ms left of it (0: start as usual).
   */
  private quietWait(st: DocState, s: Sched): number {
    const debounceMs = this.env.settings().debounceMs;
    const gap = st.lastEditAt - st.prevEditAt;
    if (!(gap < debounceMs) || !(s.lastRunMs > gap)) return 0;
    return Math.max(0, st.lastEditAt + debounceMs - performance.now());
  }

  private kick(uri: string): void {
    const st = this.docs.get(uri);
    const s = this.sched.get(uri);
    if (!st || !s) return;
    const version = st.doc.version;
    const designs = this.env.designs(uri);
    if (s.job?.version === version && s.job.designs === designs) return;
    s.lastKick = performance.now();
    const started = performance.now();
    const progress = this.startProgress(st);
    const large = st.doc.lineCount > LARGE_FILE_LINES;
    const text = st.doc.getText();
    mark('kick', { uri: st.uri, version });
    let published = false;
    const handle = this.background.submit(
      {
        text,
        ...(designs === undefined ? {} : { designsText: designs }),
        designs: [null],
        fallbackDesign: this.env.settings().design,
        maxSteps: this.env.settings().budget.maxSteps,
        maxMs: this.env.settings().budget.maxMs,
        ...(large ? { trace: false, maxStepRecords: 0 } : {}),
        // the worker reuses this document's last run after an edit that changed no statement (ADR 0013),
        // and re-runs the next edit at the same place from its copy of the state there (ADR 0011)
        uri,
      },
      (p) => progress?.reporter?.report(`${p.design}: ${p.executed.toLocaleString('en-US')} statements`),
      // the diagnostics come before the whole results (a long document's are hundreds of KB): published at once
      (d) => this.env.guard('runDiagnostics', () => (published = this.onRunDiagnostics(uri, version, d))),
    );
    s.job = { handle, version, designs };
    s.progress = progress;
    void handle.promise.then((outcome) => {
      if (s.job?.handle === handle) s.job = undefined;
      this.endProgress(progress);
      if (s.progress === progress) s.progress = undefined;
      this.env.guard('runFinished', () => this.onRunFinished(uri, version, text, designs, outcome, performance.now() - started, !large, published));
    });
  }

  /**
   * A run's diagnostics, before its whole results: published now when the document is still at
   * that version, and carried (as onRunFinished does) if an edit comes before the results.
   * true = published.
   */
  private onRunDiagnostics(uri: string, version: number, d: JobDiagnostics): boolean {
    const st = this.docs.get(uri);
    if (!st || st.doc.version !== version) return false;
    const run = d.runDiagnostics[0] ?? [];
    st.staticDiagnostics = d.staticDiagnostics;
    st.carried = run;
    this.publish(st, mergeDiagnostics(d.staticDiagnostics, run));
    mark('published', { uri, version });
    return true;
  }

  /** `published`: the run's diagnostics were published when they came (onRunDiagnostics); not again */
  private onRunFinished(uri: string, version: number, text: string, designs: string | undefined, outcome: JobOutcome, ms: number, detailed: boolean, published = false): void {
    const st = this.docs.get(uri);
    const sc = this.sched.get(uri);
    if (sc && outcome.status === 'done') sc.lastRunMs = ms;
    // a result for an older version is stale and dropped
    if (!st || st.doc.version !== version || outcome.status === 'cancelled') return;
    let design: DesignName;
    let staticDiagnostics: Diagnostic[];
    if (outcome.status === 'done' && outcome.runs[0]) {
      // the worker parsed this very text: its static diagnostics and design are this version's
      design = outcome.runs[0].design;
      staticDiagnostics = outcome.staticDiagnostics;
    } else {
      // no run (timeout, crash): the static analysis is done here, once, to say what still stands
      design = resolveDesign(undefined, this.docs.ensure(st)?.program, this.env.settings().design);
      staticDiagnostics = st.staticDiagnostics;
    }
    const result = outcomeToRun(outcome, design, this.env.settings());
    const all = mergeDiagnostics(staticDiagnostics, result.diagnostics);
    const stat = st.statVersion === version && st.statDesigns === designs ? st.stat : undefined;
    const finished: FinishedRun = { version, text, designs, design, stat, staticDiagnostics, result, all, ms, detailed: detailed || outcome.status !== 'done' };
    st.run = finished;
    if (stat) noteAnalysed(st, finished);
    st.staticDiagnostics = staticDiagnostics;
    st.carried = result.diagnostics;
    this.docs.pruneEdits(st, version);
    if (!(published && outcome.status === 'done')) {
      this.publish(st, all);
      mark('published', { uri: st.uri, version });
    }
    const checked = result.expectations.filter(isBinding);
    const note: RunFinishedParams = {
      uri,
      version,
      design,
      verdict: verdictOf(result, all),
      expectPassed: checked.filter((e) => e.passed).length,
      expectFailed: checked.filter((e) => !e.passed).length,
      ms: Math.round(ms * 100) / 100,
    };
    void this.connection.sendNotification(RUN_FINISHED_NOTIFICATION, note);
    const s = this.sched.get(uri);
    if (s) {
      const still: Sched['waiters'] = [];
      for (const w of s.waiters) (w.version <= version ? w.resolve(finished) : still.push(w));
      s.waiters = still;
    }
    this.refreshViews();
  }

  /**
   * The workspace designs may have changed (a designs.mmlab opened, edited, closed or changed on
   * disk): every open document that now sees other designs than its last run did is analysed again.
   */
  designsChanged(): void {
    for (const st of this.docs.all()) {
      const s = this.sched.get(st.uri);
      if (!s?.job && !st.run) continue; // not run yet: its first run reads them
      const seen = s?.job ? s.job.designs : st.run?.designs;
      if (this.env.designs(st.uri) !== seen) this.scheduleRun(st);
    }
  }

  refreshViews(): void {
    if (this.env.caps.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (this.env.caps.inlayHintRefresh) void this.connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  }

  // ------------------------------------------------------------------ progress

  /** A $/progress indicator for a run, shown only if it is still running after PROGRESS_AFTER_MS. */
  private startProgress(st: DocState): RunProgress | undefined {
    if (!this.env.caps.progress) return undefined;
    const p: RunProgress = { done: false };
    p.timer = setTimeout(() => {
      p.timer = undefined;
      if (p.done) return;
      void this.connection.window
        .createWorkDoneProgress()
        .then((r) => {
          // the token is the client's now: it gets a whole begin..end sequence even when the run
          // ended while the client was creating it (an 'end' alone is a sequence without a start)
          r.begin('mmlab: simulating', undefined, basename(st.uri), false);
          if (p.done) {
            r.done();
            return;
          }
          p.reporter = r;
        })
        .catch(() => undefined);
    }, PROGRESS_AFTER_MS);
    return p;
  }

  endProgress(p: RunProgress | undefined): void {
    if (!p || p.done) return;
    p.done = true;
    if (p.timer) clearTimeout(p.timer);
    p.reporter?.done();
  }

  /**
   * The current version's run, waiting for it (bounded) when it is still running; undefined
   * at once when the document changes while waiting (the caller answers from the latest results).
   */
  waitForRun(uri: string, timeoutMs = RUN_WAIT_MS): Promise<FinishedRun | undefined> {
    const st = this.docs.get(uri);
    if (!st) return Promise.resolve(undefined);
    if (st.run?.version === st.doc.version && st.run.designs === this.env.designs(uri)) return Promise.resolve(st.run);
    const s = this.schedOf(uri);
    if (!s.job && !s.timer) this.scheduleRun(st);
    return new Promise((resolve) => {
      const w = { version: st.doc.version, resolve: (r: FinishedRun | undefined) => {
        clearTimeout(timer);
        resolve(r);
      } };
      const timer = setTimeout(() => {
        s.waiters = s.waiters.filter((x) => x !== w);
        resolve(undefined);
      }, timeoutMs);
      s.waiters.push(w);
    });
  }

  /**
   * Runs the document's current text under `designs` for a request (mmlab/run, compare, stepAt) on
   * the request worker; the background result is reused when it is of this version and design.
   */
  async runDesigns(st: DocState, designs: DesignName[], token: CancellationToken, onProgress?: (p: JobProgress) => void): Promise<{ version: number; stat: StaticAnalysis; runs: DesignRun[] }> {
    const version = st.doc.version;
    const stat = this.docs.ensure(st)!;
    const settings = this.env.settings();
    if (designs.length === 1 && designs[0] === resolveDesign(undefined, stat.program, settings.design) && st.doc.lineCount <= LARGE_FILE_LINES) {
      const bg = await this.waitForRun(st.uri);
      if (bg && bg.version === version && bg.design === designs[0]) return { version, stat, runs: [{ design: bg.design, run: bg.result, all: bg.all }] };
    }
    const designsText = this.env.designs(st.uri);
    const handle = this.requests.submit(
      { text: stat.text, ...(designsText === undefined ? {} : { designsText }), designs, fallbackDesign: settings.design, maxSteps: settings.budget.maxSteps, maxMs: settings.budget.maxMs },
      onProgress,
    );
    const sub = token.onCancellationRequested(() => handle.cancel());
    const outcome = await handle.promise;
    sub.dispose();
    if (outcome.status === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const runs = designs.map((design, i) => {
      const run = outcome.status === 'done' ? outcome.runs[i] ?? outcomeToRun({ status: 'failed', error: 'no result' }, design, settings) : outcomeToRun(outcome, design, settings);
      return { design, run, all: mergeDiagnostics(stat.diagnostics, run.diagnostics) };
    });
    return { version, stat, runs };
  }

  /**
   * A feature answered from `fin`, a run without step details: they are computed for the next
   * request (detailedRun), at once, or while the document is being typed once the typing pauses
   * (TYPING_GAP_MS after the last edit), for the version it paused on when that version's run has
   * landed. A version typed over is never detailed (see scheduleRun); inlay hints are refreshed
   * when the details land.
   */
  askDetails(uri: string, fin: FinishedRun): void {
    const st = this.docs.get(uri);
    if (!st) return;
    if (!isTyping(st)) {
      void this.detailedRun(uri, fin);
      return;
    }
    const s = this.schedOf(uri);
    if (s.detailTimer) return;
    // (1 ms past the end of the typing gap)
    const untilQuiet = (cur: DocState): number => Math.max(1, cur.lastEditAt + TYPING_GAP_MS - performance.now() + 1);
    const check = (): void => {
      s.detailTimer = undefined;
      const cur = this.docs.get(uri);
      if (!cur || !this.sched.has(uri)) return;
      if (isTyping(cur)) {
        s.detailTimer = setTimeout(check, untilQuiet(cur));
        return;
      }
      // (a keystroke before the run lands releases the wait: nothing is detailed then)
      void this.waitForRun(uri).then((run) => {
        if (run && !run.detailed && run.version === this.docs.get(uri)?.doc.version) void this.detailedRun(uri, run);
      });
    };
    s.detailTimer = setTimeout(check, untilQuiet(st));
  }

  /**
   * A step-recording run of a large file's version, computed once per version on the request
   * worker; the wait is bounded and ends when the document changes (the caller then answers
   * from the latest results).
   */
  detailedRun(uri: string, fin: FinishedRun): Promise<FinishedRun | undefined> {
    const st = this.docs.get(uri);
    if (!st || st.doc.lineCount > DETAIL_MAX_LINES) return Promise.resolve(undefined);
    if (!st.detail || st.detail.version !== fin.version || st.detail.design !== fin.design) {
      const handle = this.requests.submit({
        text: fin.text,
        ...(fin.designs === undefined ? {} : { designsText: fin.designs }),
        designs: [fin.design],
        fallbackDesign: this.env.settings().design,
        maxSteps: this.env.settings().budget.maxSteps,
        maxMs: this.env.settings().budget.maxMs,
        trace: false,
      });
      const entry: NonNullable<DocState['detail']> = {
        version: fin.version,
        design: fin.design,
        cancel: () => handle.cancel(),
        promise: handle.promise.then((o) => {
          if (o.status !== 'done' || !o.runs[0]) return undefined;
          const done: FinishedRun = { ...fin, result: { ...o.runs[0], diagnostics: fin.result.diagnostics }, detailed: true };
          entry.done = done;
          if (this.env.caps.inlayHintRefresh) void this.connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
          return done;
        }),
      };
      st.detail = entry;
    }
    const p = st.detail.promise;
    let timer: NodeJS.Timeout | undefined;
    const s = this.schedOf(uri);
    const entry = { version: st.doc.version, resolve: () => undefined as void };
    const stale = new Promise<undefined>((r) => {
      entry.resolve = () => r(undefined);
      s.onStale.push(entry);
    });
    return Promise.race([p, stale, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), RUN_WAIT_MS)))]).finally(() => {
      clearTimeout(timer);
      s.onStale = s.onStale.filter((w) => w !== entry);
    });
  }
}

function basename(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

/** A job that did not produce a run still gives the editor a diagnostic saying why. */
export function outcomeToRun(outcome: JobOutcome, design: DesignName, settings: Settings): RunResult {
  if (outcome.status === 'done' && outcome.runs[0]) return outcome.runs[0];
  const empty = (d: Diagnostic): RunResult => emptyRun(design, [d]);
  const at = { start: 0, end: 0 };
  switch (outcome.status) {
    case 'timeout':
      return empty({
        code: 'time-budget-exceeded',
        severity: 'warning',
        span: at,
        message: `the simulation did not stop within its time budget (${settings.budget.maxMs} ms; mmlab.budget.maxMs) and was terminated after ${Math.round(outcome.ms)} ms; static diagnostics still stand`,
      });
    case 'crashed':
      return empty({ code: 'internal-error', severity: 'error', span: at, message: `the simulation worker crashed (${outcome.error}); it was restarted. Static diagnostics still stand.` });
    case 'failed':
      return empty({ code: 'internal-error', severity: 'error', span: at, message: `the simulation failed: ${outcome.error.split('\n')[0]}` });
    default:
      return empty({ code: 'internal-error', severity: 'error', span: at, message: 'the simulation produced no result' });
  }
}
