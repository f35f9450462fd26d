/**
 * Runs simulation jobs off the main thread, one at a time, in a worker_threads
 * worker. The server's main thread never simulates, so typing, hovers and
 * completion stay responsive whatever a scenario does.
 *
 * - Cancellation is cooperative through a SharedArrayBuffer flag the emulator
 *   polls between statements; a worker that does not stop within a grace period
 *   is terminated and replaced.
 * - A watchdog terminates a job that overruns its time budget by a wide margin
 *   (a statement that never returns), reported as 'timeout'.
 * - A worker that dies (exception, process.exit, OOM under resourceLimits) fails
 *   only its current job ('crashed'); the next job starts a fresh worker.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker, WorkerOptions } from 'worker_threads';
import { Diagnostic } from '../common/diagnostics';
import { RunResult } from '../mm/result';
import { closeDocument, executeJob, JobRequest, WorkerMessage } from './jobs';
import { ResultDecoder } from './resultDelta';
import { mark } from './editTiming';
import { SIM_WORKER_RESOURCE_LIMITS } from './limits';

export type JobOutcome =
  | { status: 'done'; runs: RunResult[]; ms: number; staticDiagnostics: Diagnostic[] }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string }
  | { status: 'crashed'; error: string }
  | { status: 'timeout'; ms: number };

export interface JobProgress {
  executed: number;
  design: string;
  designIndex: number;
  designCount: number;
}

/** a job's diagnostics, sent before its whole results when the job asks (JobRequest.early) */
export interface JobDiagnostics {
  staticDiagnostics: Diagnostic[];
  /** each design's run diagnostics, in the job's order */
  runDiagnostics: Diagnostic[][];
}

export interface JobHandle {
  readonly id: number;
  readonly promise: Promise<JobOutcome>;
  cancel(): void;
}

export type JobInput = Omit<JobRequest, 'id' | 'cancel'>;

interface Pending {
  req: JobRequest;
  flag: Int32Array;
  resolve: (o: JobOutcome) => void;
  onProgress?: (p: JobProgress) => void;
  onDiagnostics?: (d: JobDiagnostics) => void;
  cancelled: boolean;
  started?: number;
  watchdog?: NodeJS.Timeout;
  grace?: NodeJS.Timeout;
}

export interface WorkerSpec {
  file: string;
  options: WorkerOptions;
}

/**
 * Where the worker is: dist/server/worker.js beside the bundled server; under
 * tsx (tests, `node --require tsx/cjs server/src/lsp/main.ts`) the TypeScript
 * source is loaded through tsx in an eval'd bootstrap. undefined = run in process.
 */
export function resolveWorker(dir: string = __dirname): WorkerSpec | undefined {
  const limits = { resourceLimits: { ...SIM_WORKER_RESOURCE_LIMITS } };
  if (process.env.MMLAB_NO_WORKER === '1') return undefined;
  // dist/server/server.js has it beside itself; dist/cli.js (`mmlab lsp --stdio`) one folder down
  for (const js of [path.join(dir, 'worker.js'), path.join(dir, 'server', 'worker.js')]) {
    if (fs.existsSync(js)) return { file: js, options: { ...limits } };
  }
  const ts = path.join(dir, 'worker.ts');
  if (fs.existsSync(ts)) {
    let tsx: string;
    try {
      tsx = require.resolve('tsx/cjs');
    } catch {
      return undefined;
    }
    const code = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)});`;
    return { file: code, options: { ...limits, eval: true } };
  }
  return undefined;
}

export interface SimHostOptions {
  worker?: WorkerSpec;
  /** extra ms past the job's budget before the watchdog fires */
  watchdogGraceMs?: number;
  /** ms a cancelled job may take to notice before its worker is terminated */
  cancelGraceMs?: number;
  log?: (msg: string) => void;
  /** the worker warms V8's JIT on a small built-in scenario when idle after it starts (lsp/warmUp.ts) */
  warmUp?: boolean;
  /** a job was posted or its outcome taken (this thread's idle compaction waits for the last: lsp/idleGc.ts) */
  onWork?: () => void;
}

export class SimulationHost {
  private worker?: Worker;
  private readonly queue: Pending[] = [];
  private current?: Pending;
  private nextId = 1;
  private lastPosted?: Int32Array;
  /** the current worker's (lsp/resultDelta.ts) */
  private decoder?: ResultDecoder;
  private disposed = false;
  /** how many workers were started (1 + restarts); for tests and logs */
  workerStarts = 0;
  readonly inProcess: boolean;

  constructor(private readonly opts: SimHostOptions = {}) {
    this.inProcess = !opts.worker;
  }

  /** `onDiagnostics`: the job's diagnostics before its results (the job is sent with `early`) */
  submit(input: JobInput, onProgress?: (p: JobProgress) => void, onDiagnostics?: (d: JobDiagnostics) => void): JobHandle {
    const id = this.nextId++;
    const sab = new SharedArrayBuffer(4);
    const flag = new Int32Array(sab);
    let resolve!: (o: JobOutcome) => void;
    const promise = new Promise<JobOutcome>((r) => (resolve = r));
    // a worker posts each result as the change from its last one for the document (ADR 0025)
    const p: Pending = { req: { ...input, id, cancel: sab, ...(onDiagnostics ? { early: true } : {}), ...(this.inProcess ? {} : { packed: true }) }, flag, resolve, onProgress, onDiagnostics, cancelled: false };
    this.queue.push(p);
    this.opts.onWork?.();
    // a worker starts at once; in process, the caller finishes its turn first (the job blocks this thread)
    if (!this.inProcess && !this.current) this.pump();
    else setImmediate(() => this.pump());
    return { id, promise, cancel: () => this.cancel(p) };
  }

  /**
   * A document was closed: the thread that ran its jobs drops what it keeps for it (its analysis,
   * its runs' copies, the last results posted), and this thread the results it decoded for it.
   * Jobs for it already posted run first (the port keeps order); queued ones were cancelled by the
   * caller. No worker yet: nothing is kept.
   */
  forget(uri: string): void {
    if (this.inProcess) void closeDocument(uri);
    else this.worker?.postMessage({ forget: uri });
  }

  /** results this thread keeps decoded, that a later one may be a change of (tests) */
  get keptResults(): number {
    return this.decoder?.size ?? 0;
  }

  /** Jobs waiting or running. */
  get busy(): boolean {
    return !!this.current || this.queue.length > 0;
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.queue.splice(0)) p.resolve({ status: 'cancelled' });
    if (this.current) this.finish(this.current, { status: 'cancelled' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private cancel(p: Pending): void {
    if (p.cancelled) return;
    p.cancelled = true;
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      p.resolve({ status: 'cancelled' });
      return;
    }
    if (this.current === p) {
      Atomics.store(p.flag, 0, 1);
      // answer at once: the caller has moved on; the worker's late reply is ignored
      p.resolve({ status: 'cancelled' });
      if (!this.inProcess) {
        p.grace = setTimeout(() => {
          if (this.current === p) this.restart(p, { status: 'cancelled' }, 'cancelled job did not stop');
        }, this.opts.cancelGraceMs ?? 1000);
      }
    }
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const p = this.queue.shift();
    if (!p) return;
    this.current = p;
    p.started = performance.now();
    if (this.inProcess) {
      executeJob(p.req, (m) => this.onMessage(m));
      return;
    }
    const w = this.ensureWorker();
    const budgetMs = p.req.maxMs * Math.max(1, p.req.designs.length);
    const grace = this.opts.watchdogGraceMs ?? Math.max(1000, p.req.maxMs);
    p.watchdog = setTimeout(() => {
      if (this.current === p) this.restart(p, { status: 'timeout', ms: performance.now() - (p.started ?? 0) }, 'job overran its budget');
    }, budgetMs + grace);
    if (this.lastPosted) Atomics.store(this.lastPosted, 0, p.req.id);
    // marked before the post: the worker may start the job before postMessage returns here (the
    // copy of a long text), and a mark after it made edit-timing's toWk negative
    mark('posted', { id: p.req.id });
    w.postMessage(p.req);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const spec = this.opts.worker!;
    // the id of the last job posted, shared: the background worker rehearses only while none waits (lsp/rehearsal.ts)
    this.lastPosted = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(spec.file, this.opts.warmUp ? { ...spec.options, workerData: { warmUp: true, posted: this.lastPosted.buffer } } : spec.options);
    this.workerStarts++;
    // every result this worker posts is decoded, a stale job's too: the next may be a change of it
    const decoder = new ResultDecoder();
    this.decoder = decoder;
    w.on('message', (m: WorkerMessage) => {
      mark('received', { id: m.id, type: m.type });
      if (this.worker !== w) return;
      if (m.type === 'forgotten') return void decoder.drop(m.drop);
      if (m.type === 'done' && m.packed) {
        try {
          m.runs = m.packed.map((r) => decoder.decode(r));
          decoder.drop(m.drop ?? []);
        } catch (e) {
          // a result that cannot be rebuilt: a new worker (no bases, a new decoder) takes the next job
          const p = this.current;
          if (p && p.req.id === m.id) this.restart(p, { status: 'failed', error: e instanceof Error ? e.message : String(e) }, 'a result could not be decoded');
          return;
        }
      }
      this.onMessage(m);
    });
    w.on('error', (e) => {
      if (this.worker !== w) return;
      this.opts.log?.(`simulation worker error: ${e instanceof Error ? e.message : String(e)}`);
      this.onWorkerDeath(`worker error: ${e instanceof Error ? e.message : String(e)}`);
    });
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.onWorkerDeath(`worker exited with code ${code}`);
    });
    // the server may exit while a worker is idle
    w.unref();
    this.worker = w;
    return w;
  }

  private onWorkerDeath(reason: string): void {
    this.worker = undefined;
    const p = this.current;
    if (p) this.finish(p, { status: 'crashed', error: reason });
  }

  /** Kill the worker (stuck or runaway), answer the job, go on with the next. */
  private restart(p: Pending, outcome: JobOutcome, why: string): void {
    this.opts.log?.(`simulation worker terminated: ${why}`);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    this.finish(p, outcome);
  }

  private onMessage(m: WorkerMessage): void {
    const p = this.current;
    if (!p || p.req.id !== m.id) return;
    if (m.type === 'progress') {
      if (!p.cancelled) p.onProgress?.({ executed: m.executed, design: m.design, designIndex: m.designIndex, designCount: m.designCount });
      return;
    }
    if (m.type === 'diagnostics') {
      if (!p.cancelled) p.onDiagnostics?.({ staticDiagnostics: m.staticDiagnostics, runDiagnostics: m.runDiagnostics });
      return;
    }
    if (m.type === 'done') this.finish(p, p.cancelled ? { status: 'cancelled' } : { status: 'done', runs: m.runs, ms: m.ms, staticDiagnostics: m.staticDiagnostics });
    else if (m.type === 'failed') this.finish(p, p.cancelled ? { status: 'cancelled' } : { status: 'failed', error: m.error });
  }

  private finish(p: Pending, outcome: JobOutcome): void {
    if (p.watchdog) clearTimeout(p.watchdog);
    if (p.grace) clearTimeout(p.grace);
    if (this.current === p) this.current = undefined;
    p.resolve(outcome);
    this.opts.onWork?.();
    setImmediate(() => this.pump());
  }
}
