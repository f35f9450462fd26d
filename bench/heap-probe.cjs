// Bench-only preload for the language server (bench/lsp-latency.mjs, memory section): the server
// runs with `--expose-gc --require bench/heap-probe.cjs`, and on SIGUSR2 every thread (the main
// thread and each worker, which inherit the preload) collects its garbage and appends its live heap
// to the file named by MMLAB_BENCH_HEAP_LOG. RSS alone cannot tell a leak from a heap that V8 has
// grown and keeps for the next run; the live heap after a full collection can. Each line also has
// every V8 space's committed and used MiB before and after that collection, and the main thread's
// line the process's /proc/self/smaps_rollup (anonymous vs file-backed pages: what lies outside
// V8's heaps). SIGURG reads the same without collecting (marks -1, -2, ...: the heaps as V8 keeps
// them, e.g. after an idle period). Never loaded by the product.
'use strict';
const { isMainThread, threadId, BroadcastChannel } = require('node:worker_threads');
const fs = require('node:fs');
const v8 = require('node:v8');

const log = process.env.MMLAB_BENCH_HEAP_LOG;
if (log && typeof globalThis.gc === 'function') {
  const channel = new BroadcastChannel('mmlab-bench-heap-probe');
  channel.unref();
  const MiB = (b) => Math.round((b / 1048576) * 100) / 100;
  // committed / used MiB of each of V8's spaces (new, old, code, large object...): which one keeps pages
  const spaces = () => Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [MiB(s.physical_space_size), MiB(s.space_used_size)]]));
  const measure = (mark) => {
    // the heap as the thread keeps it (before the probe's own collection changes it)
    const before = { committedMiB: MiB(v8.getHeapStatistics().total_physical_size), spaces: spaces() };
    // a negative mark only reads (the heap left as V8 keeps it, e.g. after an idle period)
    if (mark > 0) globalThis.gc();
    const h = v8.getHeapStatistics();
    const line = { mark, thread: isMainThread ? 'main' : `worker ${threadId}`, usedMiB: h.used_heap_size / 1048576, totalMiB: h.total_heap_size / 1048576, externalMiB: process.memoryUsage().external / 1048576, before, after: { committedMiB: MiB(h.total_physical_size), spaces: spaces() } };
    if (isMainThread) {
      // the whole process (every thread): resident anonymous vs file-backed pages
      try {
        const r = fs.readFileSync('/proc/self/smaps_rollup', 'utf8');
        line.rollupMiB = Object.fromEntries([...r.matchAll(/^(Rss|Anonymous|Private_Dirty|Shared_Clean|Private_Clean):\s+(\d+) kB/gm)].map((m) => [m[1], MiB(Number(m[2]) * 1024)]));
      } catch {}
    }
    fs.appendFileSync(log, JSON.stringify(line) + '\n');
  };
  // a worker measures when the main thread says so (signals reach the main thread only)
  channel.onmessage = (e) => measure(e.data);
  if (isMainThread) {
    let mark = 0;
    process.on('SIGUSR2', () => {
      mark++;
      channel.postMessage(mark);
      measure(mark);
    });
    // SIGURG: read without collecting (marks -1, -2, ...)
    let readOnly = 0;
    process.on('SIGURG', () => {
      readOnly--;
      channel.postMessage(readOnly);
      measure(readOnly);
    });
  }
}
