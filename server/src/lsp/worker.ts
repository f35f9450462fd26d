/**
 * Simulation worker (worker_threads). Bundled to dist/server/worker.js next to
 * server.js. One job at a time: the main thread queues. A crash here (even an
 * out-of-memory abort, bounded by resourceLimits) ends only this thread; the
 * server notices, answers the job with an internal-error and starts a new one.
 */
import { parentPort, workerData } from 'worker_threads';
import { closeDocument, executeJob, ForgetRequest, isForgetRequest, JobRequest, knowsDocument, runAgain, WorkerMessage } from './jobs';
import { Rehearsals } from './rehearsal';
import { IdleFills } from './idleFill';
import { isWhatIfWorker, serveJobs } from '../analysis/whatif/pool';
import { exposeGc, IdleCollector, IdleCompactor, idleCompactOn } from './idleGc';
import { longWarmUpJob, Rewarm, warmUp, WarmUpJobs, WARM_UP_LONG_URI, WARM_UP_URI } from './warmUp';

// The server's stdout is the LSP channel and a worker's stdout is piped into it:
// anything the emulator prints goes to stderr instead.
const toStderr = (...a: unknown[]): void => void process.stderr.write(`${a.map(String).join(' ')}\n`);
console.log = console.info = console.warn = console.error = console.debug = toStderr;
process.stdout.write = ((chunk: string | Uint8Array) => process.stderr.write(chunk)) as typeof process.stdout.write;

// started as a what-if worker (lsp/handlers/whatIf.ts): serve what-if jobs instead of simulation jobs
const port = isWhatIfWorker() ? null : parentPort;
if (isWhatIfWorker()) serveJobs();
if (port) {
  const gc = exposeGc();
  // the id of the last job the server posted (lsp/simHost.ts): above the last one taken, a job waits
  const posted = (workerData as { posted?: SharedArrayBuffer } | null)?.posted;
  const last = posted ? new Int32Array(posted) : undefined;
  let taken = 0;
  const busy = (): boolean => last !== undefined && Atomics.load(last, 0) > taken;
  const young = new IdleCollector(gc, undefined, undefined, busy);
  // after every piece of work: its young generation collected soon after (IDLE_GC_DELAY_MS: not while the server publishes its diagnostics), and shrunk once the thread is idle for seconds
  const compactor = new IdleCompactor(idleCompactOn() ? gc : undefined);
  const idle = {
    afterJob: (): void => {
      young.afterJob();
      compactor.worked();
    },
  };
  const rehearsals = new Rehearsals(busy, undefined, () => idle.afterJob());
  // after a document's run: copies of its state spread over it in idle time (lsp/idleFill.ts)
  const fills = new IdleFills(busy, undefined, () => idle.afterJob());
  const warming = (workerData as { warmUp?: boolean } | null)?.warmUp === true;
  // the warm-up's jobs (lsp/warmUp.ts); the long scenario's run stops when a job waits
  const warmUpJobs = new WarmUpJobs(busy, () => idle.afterJob());
  // after a short document is opened, the long path warmed again in idle time (lsp/warmUp.ts
  // Rewarm): the long scenario's program, kept after the warm-up, run again
  const longJob = longWarmUpJob();
  const rewarm = new Rewarm(
    (stop) => {
      const program = warmUpJobs.longProgram;
      if (program) runAgain(longJob, program, stop);
      idle.afterJob();
    },
    busy,
    () => warmUpJobs.longProgram !== undefined,
  );
  port.on('message', (job: JobRequest | ForgetRequest) => {
    // a closed document: what this thread keeps for it goes (its copies are MBs for a long one)
    if (isForgetRequest(job)) return void port.postMessage(closeDocument(job.forget));
    taken = Math.max(taken, job.id);
    rehearsals.jobCame();
    fills.jobCame();
    const opened = job.uri !== undefined && job.uri !== WARM_UP_URI && job.uri !== WARM_UP_LONG_URI && !knowsDocument(job.uri);
    executeJob(job, (m: WorkerMessage) => port.postMessage(m));
    // the job's results are posted: collect what it left in the young generation before the next one
    idle.afterJob();
    rewarm.jobDone();
    // a document just opened: its first edit rehearsed in idle time (lsp/rehearsal.ts)
    if (opened && last) rehearsals.opened(job);
    if (opened && last && warming) rewarm.opened(job);
    if (last) fills.after(job);
  });
  // the background worker (lsp/simHost.ts warmUp) warms the JIT in its idle time
  if (warming) warmUp(warmUpJobs.run, warmUpJobs.forget);
}
