// Bench-only preload for the language server (bench/lsp-latency.mjs, memory section): the server
// runs with `--expose-gc --require bench/heap-probe.cjs`, and on SIGUSR2 every thread (the main
// thread and each worker, which inherit the preload) collects its garbage and appends its live heap
// to the file named by MMLAB_BENCH_HEAP_LOG. RSS alone cannot tell a leak from a heap that V8 has
// grown and keeps for the next run; the live heap after a full collection can. Never loaded by the
// product.
'use strict';
const { isMainThread, threadId, BroadcastChannel } = require('node:worker_threads');
const fs = require('node:fs');
const v8 = require('node:v8');

const log = process.env.MMLAB_BENCH_HEAP_LOG;
if (log && typeof globalThis.gc === 'function') {
  const channel = new BroadcastChannel('mmlab-bench-heap-probe');
  channel.unref();
  const measure = (mark) => {
    globalThis.gc();
    const h = v8.getHeapStatistics();
    const line = { mark, thread: isMainThread ? 'main' : `worker ${threadId}`, usedMiB: h.used_heap_size / 1048576, totalMiB: h.total_heap_size / 1048576, externalMiB: process.memoryUsage().external / 1048576 };
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
  }
}
