/**
 * The simulation worker's job path as the bench cases and scripts drive it in one thread
 * (bench/cases.ts typing, bench/editJobs.ts): a job as the server sends it, and one job timed.
 */
import { executeJob, JobRequest, WorkerMessage } from '../server/src/lsp/jobs';

/**
 * A job of one document as the server sends it (the file's own design, early diagnostics, results
 * packed as changes); `long`: the options of a file past 2,000 lines (no step records, no trace)
 */
export function editorJob(id: number, text: string, uri: string, long: boolean): JobRequest {
  const job: JobRequest = { id, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 600_000, uri, early: true, packed: true };
  return long ? { ...job, trace: false, maxStepRecords: 0 } : job;
}

/** one job run here: this thread's CPU (the collector's helper threads included) and the wall time to its early diagnostics */
export function timedJob(job: JobRequest): { cpuMs: number; earlyMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let earlyMs = 0;
  executeJob(job, (m: WorkerMessage) => {
    if (m.type === 'failed') throw new Error(m.error);
    if (m.type === 'diagnostics') earlyMs = performance.now() - t0;
  });
  const d = process.cpuUsage(c0);
  return { cpuMs: (d.user + d.system) / 1000, earlyMs };
}
