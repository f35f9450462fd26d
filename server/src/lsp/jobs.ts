/**
 * The messages between the language server and its simulation worker, and the
 * job itself (executeJob), which the worker runs and which the in-process
 * fallback runs when no worker file can be found. Plain structured-clone data.
 */
import { analyzeStatic, runProgram, StaticAnalysis, workspaceDesigns } from '../analysis/analyze';
import { analyzeStaticAfter } from '../analysis/incrementalStatic';
import { Diagnostic } from '../common/diagnostics';
import { DesignName, Program, resolveDesign } from '../model/ir';
import { RunResult } from '../mm/result';
import { compactForTransfer } from './compact';
import { mark } from './editTiming';
import { IncrementalOptions, IncrementalRun } from '../run/incremental';
import { isMovedResult } from '../run/movedResult';
import { PackedRun, ResultEncoder } from './resultDelta';
import { takeRecent } from '../common/recentTexts';

export interface JobRequest {
  id: number;
  text: string;
  /** the text of the workspace's designs.mmlab the document sees (lsp/designFiles.ts), if any */
  designsText?: string;
  /** designs to run, in order; `null` = the file's own `design` line, else fallbackDesign */
  designs: (DesignName | null)[];
  fallbackDesign: DesignName;
  maxSteps: number;
  maxMs: number;
  /** record trace events per step (default true) */
  trace?: boolean;
  /** cap on step records (RunOptions.maxStepRecords); 0 = none, for a diagnostics-only run */
  maxStepRecords?: number;
  /** Int32Array[1]: the server stores 1 to cancel; checked between statements */
  cancel?: SharedArrayBuffer;
  /**
   * the document this text is a version of: the worker keeps its last run's result and reuses it
   * after an edit that changed no statement (ADR 0013), and a copy of the state at the edit: the
   * next edit at the same place re-runs from it (run/incremental.ts, ADR 0011; copiesPolicy)
   */
  uri?: string;
  /**
   * post the diagnostics (static, and each run's) as soon as the runs end, before the whole
   * results: the server publishes them without waiting for the large message (ADR 0020)
   */
  early?: boolean;
  /**
   * post each run as the change from the one posted before for this document and design
   * (lsp/resultDelta.ts, ADR 0025): `packed` in the 'done' message, decoded by the receiving
   * thread's ResultDecoder, which must read every 'done' message this thread posts
   */
  packed?: boolean;
}

export type WorkerMessage =
  | { id: number; type: 'progress'; executed: number; design: DesignName; designIndex: number; designCount: number }
  | { id: number; type: 'diagnostics'; staticDiagnostics: Diagnostic[]; runDiagnostics: Diagnostic[][] }
  | { id: number; type: 'done'; runs: RunResult[]; ms: number; staticDiagnostics: Diagnostic[]; packed?: PackedRun[]; drop?: number[] }
  | { id: number; type: 'failed'; error: string }
  /** the answer to a ForgetRequest (id 0: no job's): the results the server's thread may drop */
  | { id: number; type: 'forgotten'; drop: number[] };

/** The server's thread tells the worker a document was closed: what the worker keeps for it goes (closeDocument). */
export interface ForgetRequest {
  forget: string;
}

export function isForgetRequest(m: JobRequest | ForgetRequest): m is ForgetRequest {
  return typeof (m as ForgetRequest).forget === 'string';
}

const PROGRESS_EVERY_MS = 100;

/**
 * What a thread keeps for the documents it runs: the last static analysis of each (the next
 * version re-parses only the items around the edit: analysis/incrementalStatic.ts, ADR 0017), its
 * incremental runs by design and options (the least recently used go past MAX_SESSIONS), and the
 * last result posted per document and design, which the next is packed as a change of
 * (lsp/resultDelta.ts). The worker's own (`worker`) holds what the server's thread has seen; the
 * warm-up (lsp/warmUp.ts WarmUpJobs) works in a store of its own, and a rehearsal of a document's
 * next edit (lsp/rehearsal.ts) in one that goes on from the document's (rehearsalOf), so that
 * nothing the server's thread sees or a document keeps moves.
 */
export class DocumentStore {
  constructor(
    /** the last static analysis per document (by URI, with the designs text it saw) */
    readonly statics = new Map<string, KeptStatic>(),
    readonly sessions = new Map<string, IncrementalRun>(),
    /** the last result posted per document and design (a comparison runs 13 designs) */
    readonly encoder = new ResultEncoder(16),
    /** earlier versions' analyses answer their texts again (ADR 0039; not in a rehearsal's store, whose undo warms the incremental front end) */
    private readonly earlier = true,
  ) {}

  session(job: JobRequest, design: DesignName): IncrementalRun | undefined {
    if (job.uri === undefined) return undefined;
    const key = sessionKey(job, design);
    // Every background run keeps its result: an edit that changes no statement (a space, a blank
    // line, a comment) reuses it, positions moved (ADR 0013); and a copy of the state at the edit
    // (copiesPolicy), from which the next edit at the same place resumes
    return remember(this.sessions, key, this.sessions.get(key) ?? new IncrementalRun(copiesPolicy(process.env.MMLAB_INCREMENTAL)));
  }

  /** the session `session` gives, if there is one (none is made) */
  existingSession(job: JobRequest, design: DesignName): IncrementalRun | undefined {
    return job.uri === undefined ? undefined : this.sessions.get(sessionKey(job, design));
  }

  analyse(job: JobRequest): StaticAnalysis {
    const opts = job.designsText === undefined ? {} : { workspace: workspaceDesigns(job.designsText) };
    if (job.uri === undefined) return analyzeStatic(job.text, opts);
    const prev = this.statics.get(job.uri);
    // an earlier version again (an undo, a typo put right, a redo): its analysis, and the last one
    // kept among the earlier (ADR 0039; an analysis is never changed once made, and the next is made
    // from whichever is kept: the incremental front end goes on from any earlier analysis)
    const last = prev && kept(prev.stat, prev.designsText);
    const taken = takeRecent(last, prev?.earlier ?? [], (e) => this.earlier && e.stat.text === job.text && e.designsText === job.designsText, (e) => e.stat.text);
    const others = taken.kept.filter((e) => e.stat.text !== job.text);
    if (taken.found) {
      remember(this.statics, job.uri, { ...taken.found, earlier: others });
      return taken.found.stat;
    }
    const stat = analyzeStaticAfter(prev?.designsText === job.designsText ? prev?.stat : undefined, job.text, opts);
    remember(this.statics, job.uri, { ...kept(stat, job.designsText), earlier: others });
    return stat;
  }

  /** a document's program and static diagnostics as last analysed here, if they are */
  program(uri: string): AnalysedProgram | undefined {
    const s = this.statics.get(uri)?.stat;
    return s && { program: s.program, diagnostics: s.diagnostics };
  }

  /** a store for a rehearsal of `uri`'s next edit: its analysis, and its sessions going on from this one's (not moving them), an encoder of its own */
  rehearsalOf(uri: string): DocumentStore {
    const statics = new Map<string, KeptStatic>();
    const kept = this.statics.get(uri);
    if (kept) statics.set(uri, kept);
    const sessions = new Map<string, IncrementalRun>();
    const prefix = keyPrefix(uri);
    for (const [k, s] of this.sessions) if (k.startsWith(prefix)) sessions.set(k, IncrementalRun.after(s));
    return new DocumentStore(statics, sessions, new ResultEncoder(16), false);
  }

  /** Drop what is kept for a document (its last static analysis, its runs, its posted results). */
  forget(uri: string): void {
    this.statics.delete(uri);
    const prefix = keyPrefix(uri);
    for (const k of [...this.sessions.keys()]) if (k.startsWith(prefix)) this.sessions.delete(k);
    this.encoder.forget(prefix);
  }
}

/** a document's incremental runs are one per design and per the options that change a run */
function sessionKey(job: JobRequest, design: DesignName): string {
  return JSON.stringify([job.uri, design, job.maxSteps, job.trace ?? true, job.maxStepRecords ?? null]);
}

/** how the keys of a document's sessions and results begin (JSON arrays whose first element is its URI) */
function keyPrefix(uri: string): string {
  return JSON.stringify([uri]).slice(0, -1) + ',';
}

/**
 * The last static analysis of a document. Its tree is kept alive through the runs (it used to be
 * garbage before them); its tokens are made only when read, and nothing here reads them.
 */
interface KeptStatic {
  designsText?: string;
  stat: StaticAnalysis;
  /** the analyses of earlier versions, the newest first (theirs not kept: common/recentTexts.ts), an undo's (ADR 0039) */
  earlier?: KeptStatic[];
}

function kept(stat: StaticAnalysis, designsText: string | undefined): KeptStatic {
  return { ...(designsText === undefined ? {} : { designsText }), stat };
}

const MAX_SESSIONS = 8;

/** what the worker keeps for the documents the server's thread sends */
const worker = new DocumentStore();

/**
 * Copies of the state in the worker (ADR 0011, 2026-12-05 third section): by default one copy, at
 * the edit, and a run resumes from it when the next edit is in the same block or the one after
 * (typing at one place), or further on when that skips a quarter of the run (ninth session); MMLAB_INCREMENTAL=0 turns copies off (every changed statement runs the
 * document from scratch), MMLAB_INCREMENTAL=1 adds copies every few hundred executions (an edit
 * anywhere resumes from the nearest one: measured no cheaper on edits spread over a document)
 */
export function copiesPolicy(env: string | undefined): IncrementalOptions {
  if (env === '0') return { copies: false };
  if (env === '1') return {};
  return { atEditOnly: true };
}

/** `map[key] = value` as its most recently used entry; the least recently used go past MAX_SESSIONS */
function remember<V>(map: Map<string, V>, key: string, value: V): V {
  map.delete(key);
  map.set(key, value);
  for (const k of map.keys()) {
    if (map.size <= MAX_SESSIONS) break;
    map.delete(k);
  }
  return value;
}

/**
 * In idle time after `job`, a background run of a document: copies of the state spread over the
 * rest of the document in each of its runs' sessions (IncrementalRun.fill, ADR 0040), so that the
 * next edit at a new place resumes near it. `stop`: a job waits (the copies taken stay). The copies taken.
 */
export function fillCopies(job: JobRequest, stop: () => boolean): number {
  const a = job.uri === undefined ? undefined : worker.program(job.uri);
  if (!a) return 0;
  let copies = 0;
  for (const requested of job.designs) {
    if (stop()) break;
    copies += worker.existingSession(job, resolveDesign(requested, a.program, job.fallbackDesign))?.fill(stop) ?? 0;
  }
  return copies;
}

/** the worker has the analysis of an earlier version of this document (it is not being opened) */
export function knowsDocument(uri: string): boolean {
  return worker.statics.has(uri);
}

/** the worker's analysis of the document `job` just opened, when it is the analysis of `job.text` (lsp/rehearsal.ts) */
export function openedAnalysis(job: JobRequest): AnalysedProgram | undefined {
  const kept = job.uri === undefined ? undefined : worker.statics.get(job.uri);
  return kept && kept.stat.text === job.text && kept.designsText === job.designsText ? kept.stat : undefined;
}

/** a store for a rehearsal of the next edit of the document `uri`: sessions going on from its runs without moving them (DocumentStore.rehearsalOf) */
export function rehearsalStore(uri: string): DocumentStore {
  return worker.rehearsalOf(uri);
}

export interface AnalysedProgram {
  program: Program;
  diagnostics: Diagnostic[];
}

/**
 * `a` (the program of job.text) run as `job`'s runs are, the results dropped; `stop` ends it
 * between statements. With `store` (a rehearsal's) the runs are its sessions' and their results
 * are packed against its encoder, as a job's are
 */
export function runAgain(job: JobRequest, a: AnalysedProgram, stop: () => boolean, store?: DocumentStore): void {
  for (const requested of job.designs) {
    if (stop()) return;
    const design = resolveDesign(requested, a.program, job.fallbackDesign);
    const r = runProgram(a.program, a.diagnostics, runOptions(job, design, stop), store?.session(job, design), job.text);
    // then what a job does with its run (this warms that code too), not when a job stopped it or waits
    if (r.cut?.reason === 'cancelled' || stop()) return;
    const c = compactForTransfer(r);
    if (!isMovedResult(c)) void (c.nodes, c.mappings);
    if (store && job.packed) store.encoder.encode(resultKey(job, design), job.text, c);
  }
}

/** what a job's result for `design` is kept as (a comparison runs 13 designs) */
function resultKey(job: JobRequest, design: DesignName): string | undefined {
  return job.uri === undefined ? undefined : JSON.stringify([job.uri, design, job.trace ?? true, job.maxStepRecords ?? null]);
}

/** the emulator options of a job's run under `design` (a real job's and a rehearsal's alike) */
function runOptions(job: JobRequest, design: DesignName, isCancelled: () => boolean) {
  // (the reports are built after the early diagnostics are posted, when the results are: ADR 0025)
  return { design, maxSteps: job.maxSteps, maxMs: job.maxMs, trace: job.trace ?? true, ...(job.maxStepRecords !== undefined ? { maxStepRecords: job.maxStepRecords } : {}), isCancelled, reportsWhenRead: true };
}

/** Drop what the worker keeps for a document (its last static analysis and its runs). */
export function forgetDocument(uri: string): void {
  worker.forget(uri);
}

/**
 * A closed document (ForgetRequest): its analysis, runs and the copies of their states go at once,
 * not when eight other documents have displaced them from the sessions' LRU (a 5,000-line
 * document's are several MB), and the results posted for it are named, so that the server's thread
 * drops the ones it decoded (lsp/resultDelta.ts).
 */
export function closeDocument(uri: string): WorkerMessage {
  forgetDocument(uri);
  return { id: 0, type: 'forgotten', drop: worker.encoder.takeDropped() };
}

/**
 * Test-only hooks, active only when MMLAB_TEST_HOOKS=1 is in the environment:
 * a scenario containing `//!crash-worker` kills the worker outright and one
 * containing `//!hang-worker` spins past every budget, so the protocol tests can
 * check that the server survives both. Never active for users.
 */
function testHooks(text: string): void {
  if (process.env.MMLAB_TEST_HOOKS !== '1') return;
  if (text.includes('//!crash-worker')) process.exit(70);
  if (text.includes('//!hang-worker')) for (;;) { /* spin: the watchdog must terminate us */ }
  if (text.includes('//!throw-worker')) throw new Error('test hook: worker threw');
}

/**
 * `stop`: the run also ends between statements when it says so (the worker's warm-up stops for a
 * waiting job). `store`: the analyses and runs the job goes on from, and what its packed results
 * are changes of (the worker's warm-up packs against an encoder of its own, so that the bases and
 * dropped ids of the results the server's thread decodes are not touched by results it never sees)
 */
export function executeJob(job: JobRequest, post: (m: WorkerMessage) => void, stop?: () => boolean, store: DocumentStore = worker): void {
  const encoder = store.encoder;
  const t0 = performance.now();
  try {
    testHooks(job.text);
    const flag = job.cancel ? new Int32Array(job.cancel) : undefined;
    mark('job', { id: job.id });
    const { program, diagnostics } = store.analyse(job);
    mark('static', { id: job.id }, true);
    const runs: RunResult[] = [];
    // the server may have moved on while this thread parsed: a stale job stops before simulating
    job.designs.forEach((requested, designIndex) => {
      const design = resolveDesign(requested, program, job.fallbackDesign);
      let calls = 0;
      let executed = 0;
      let lastReport = performance.now();
      const isCancelled = (): boolean => {
        executed++;
        if ((++calls & 255) === 0) {
          const now = performance.now();
          if (now - lastReport >= PROGRESS_EVERY_MS) {
            lastReport = now;
            post({ id: job.id, type: 'progress', executed, design, designIndex, designCount: job.designs.length });
          }
        }
        return (flag !== undefined && Atomics.load(flag, 0) !== 0) || (stop !== undefined && stop());
      };
      if (flag && Atomics.load(flag, 0) !== 0) return;
      runs.push(runProgram(program, diagnostics, runOptions(job, design, isCancelled), store.session(job, design), job.text));
    });
    mark('ran', { id: job.id }, true);
    // a few KB, where the whole results of a long document are hundreds (2-3 ms to serialize here, 4 to read there)
    if (job.early && runs.length) {
      // marked before the post, as 'posted' on the server's side: the server's thread may take the
      // message before postMessage returns here, and a mark after it made edit-timing's toMain negative
      mark('early', { id: job.id });
      post({ id: job.id, type: 'diagnostics', staticDiagnostics: diagnostics, runDiagnostics: runs.map((r) => r.diagnostics) });
    }
    // the reports, built when read (runOptions): now, while the machines they read are as their runs
    // left them, and after the early diagnostics. compactForTransfer reads the steps, and the steps
    // read the node reports first (run/simulate.ts), so it comes here too, not before the post
    for (let k = 0; k < runs.length; k++) runs[k] = compactForTransfer(runs[k]);
    // (a result moved from the last one reads no machine, and is posted as that move: not read here)
    for (const r of runs) if (!isMovedResult(r)) void (r.nodes, r.mappings);
    // the static diagnostics travel with the runs: the server's thread does not parse on the edit path
    const packed = job.packed ? runs.map((r) => encoder.encode(resultKey(job, r.design), job.text, r)) : undefined;
    // marked before the post (as 'early' above)
    mark('sent', { id: job.id });
    if (packed) post({ id: job.id, type: 'done', runs: [], packed, drop: encoder.takeDropped(), ms: performance.now() - t0, staticDiagnostics: diagnostics });
    else post({ id: job.id, type: 'done', runs, ms: performance.now() - t0, staticDiagnostics: diagnostics });
  } catch (e) {
    // the results may not have been posted: the server's thread must not decode the next ones against them
    if (job.packed) encoder.clear();
    post({ id: job.id, type: 'failed', error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
}
