/**
 * Where an edit's wall time goes, for measuring only: with MMLAB_EDIT_TIMING=FILE in the
 * server's environment every thread (the main thread and the simulation worker) appends one JSON
 * line per mark to FILE: { t (ms since the epoch, comparable across threads), thread, event,
 * ...fields }, and each garbage collection as an event 'gc' with its duration. Off (one check
 * per mark) otherwise. `node scripts/edit-timing.mjs FILE` reads the lines back into phases per
 * edit.
 */
import * as fs from 'fs';
import { PerformanceObserver } from 'perf_hooks';
import { threadId } from 'worker_threads';

const file = process.env.MMLAB_EDIT_TIMING;

export const editTimingOn = !!file;

export function mark(event: string, fields?: Record<string, unknown>): void {
  if (!file) return;
  fs.appendFileSync(file, JSON.stringify({ t: performance.timeOrigin + performance.now(), thread: threadId, event, ...fields }) + '\n');
}

if (file) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      fs.appendFileSync(file, JSON.stringify({ t: performance.timeOrigin + e.startTime, thread: threadId, event: 'gc', ms: e.duration, kind }) + '\n');
    }
  }).observe({ entryTypes: ['gc'] });
}
