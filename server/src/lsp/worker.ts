/**
 * Simulation worker (worker_threads). Bundled to dist/server/worker.js next to
 * server.js. One job at a time: the main thread queues. A crash here (even an
 * out-of-memory abort, bounded by resourceLimits) ends only this thread; the
 * server notices, answers the job with an internal-error and starts a new one.
 */
import { parentPort, workerData } from 'worker_threads';
import { executeJob, forgetDocument, JobRequest, knowsDocument, rehearseEdit, WorkerMessage } from './jobs';
import { Rehearsals } from './rehearsal';
import { isWhatIfWorker, serveJobs } from '../analysis/whatif/pool';
import { exposeGc, IdleCollector } from './idleGc';
import { warmUp, WARM_UP_URI } from './warmUp';

// The server's stdout is the LSP channel and a worker's stdout is piped into it:
// anything the emulator prints goes to stderr instead.
const toStderr = (...a: unknown[]): void => void process.stderr.write(`${a.map(String).join(' ')}\n`);
console.log = console.info = console.warn = console.error = console.debug = toStderr;
process.stdout.write = ((chunk: string | Uint8Array) => process.stderr.write(chunk)) as typeof process.stdout.write;

// started as a what-if worker (lsp/handlers/whatIf.ts): serve what-if jobs instead of simulation jobs
const port = isWhatIfWorker() ? null : parentPort;
if (isWhatIfWorker()) serveJobs();
if (port) {
  const idle = new IdleCollector(exposeGc());
  // the id of the last job the server posted (lsp/simHost.ts): above the last one taken, a job waits
  const posted = (workerData as { posted?: SharedArrayBuffer } | null)?.posted;
  const last = posted ? new Int32Array(posted) : undefined;
  let taken = 0;
  const busy = (): boolean => last !== undefined && Atomics.load(last, 0) > taken;
  const rehearsals = new Rehearsals(rehearseEdit, busy, undefined, () => idle.afterJob());
  port.on('message', (job: JobRequest) => {
    taken = Math.max(taken, job.id);
    rehearsals.jobCame();
    const opened = job.uri !== undefined && job.uri !== WARM_UP_URI && !knowsDocument(job.uri);
    executeJob(job, (m: WorkerMessage) => port.postMessage(m));
    // the job's results are posted: collect what it left in the young generation before the next one
    idle.afterJob();
    // a document just opened: its first edit rehearsed in idle time (lsp/rehearsal.ts)
    if (opened && last) rehearsals.opened(job);
  });
  // the background worker (lsp/simHost.ts warmUp) warms the JIT in its idle time
  if ((workerData as { warmUp?: boolean } | null)?.warmUp) {
    const job = { id: -1, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 5_000, uri: WARM_UP_URI } as const;
    warmUp(
      (text, long) => {
        // the long scenario as the editor runs a long document (lsp/runs.ts LARGE_FILE_LINES); its run stops when a job waits
        executeJob({ ...job, designs: [null], text, ...(long ? { trace: false, maxStepRecords: 0 } : {}) }, () => undefined, long ? busy : undefined);
        idle.afterJob();
      },
      () => forgetDocument(WARM_UP_URI),
    );
  }
}
