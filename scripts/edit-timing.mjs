// Reads the marks a server wrote with MMLAB_EDIT_TIMING=FILE (server/src/lsp/editTiming.ts) and
// prints, per edit (didChange) that got a run, where its wall time went, then the medians and p95:
//   queue   didChange -> the run's job submitted (debounce, scheduling)
//   toWk    job handed to postMessage -> the worker starts it (the copy of the text; the worker busy: warm-up, idle GC, an older job)
//   static  the worker's static analysis;  run  the simulation;  post  the run's end -> the result
//           (or the diagnostics, when the job sends them first: JobRequest.early) handed to postMessage
//   toMain  handed to postMessage -> the main thread's handler (the copy, transfer, deserialisation, the thread busy)
//   apply   the handler -> diagnostics published
//   gcW/gcM garbage collection inside the edit's window on the worker threads / the main thread
//   others  the CPU the server process's other threads used during the run phase (V8's helper
//           threads compiling and marking, the server's thread; Linux, '-' where the marks have none)
//   major   a major collection of the worker (its incremental marking or its end) inside the edit's window: 'M'
//   runWait the run phase's time waiting for a core (the machine busy), from the worker thread's
//           schedstat (Linux; '-' where the marks have none);  runOn  run - runWait: on a core, or
//           blocked (e.g. on the collector's helper threads). (The kernel's running time of a
//           thread that is running lags by up to a scheduler tick, 4 ms here, so it is not used:
//           the waiting time is settled each time the thread gets a core, so it is exact.)
//   node scripts/edit-timing.mjs FILE [--skip N] [--doc TEXT]
//   (--skip: leave the first N edits out of p50/p95; --doc: only the documents whose uri contains
//   TEXT; versions are counted per document, so edits are keyed by uri and version)
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const skipAt = process.argv.indexOf('--skip');
const skip = skipAt >= 0 ? Number(process.argv[skipAt + 1]) : 0;
const ev = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.t - b.t);
const main = ev.find((e) => e.event === 'didChange' || e.event === 'kick')?.thread ?? 0;
const rows = [];
const docAt = process.argv.indexOf('--doc');
const docFilter = docAt >= 0 ? process.argv[docAt + 1] : undefined;
/** an edit's key: its document and version (marks written before uris were added have none) */
const key = (e) => `${e.uri ?? ''}#${e.version}`;
const byVersion = new Map();
for (const e of ev) if (e.thread === main && e.event === 'didChange' && (!docFilter || (e.uri ?? '').includes(docFilter))) byVersion.set(key(e), { didChange: e.t, v: e.version, uri: e.uri });
let lastKick;
for (const e of ev) {
  if (e.thread !== main) continue;
  if (e.event === 'kick') lastKick = { key: key(e), t: e.t };
  if (e.event === 'posted' && lastKick) {
    const r = byVersion.get(lastKick.key);
    if (r) Object.assign(r, { kick: lastKick.t, posted: e.t, id: e.id });
    lastKick = undefined;
  }
}
const byId = new Map([...byVersion.values()].filter((r) => r.id !== undefined).map((r) => [r.id, r]));
for (const e of ev) {
  const r = byId.get(e.id);
  if (!r) continue;
  if (e.thread !== main && ['job', 'static', 'ran', 'sent', 'early'].includes(e.event)) Object.assign(r, { [e.event]: e.t, [`${e.event}Wait`]: e.wait, [`${e.event}Others`]: e.others });
  if (e.thread === main && e.event === 'received' && e.type === 'done') r.received = e.t;
  if (e.thread === main && e.event === 'received' && e.type === 'diagnostics') r.receivedEarly = e.t;
}
for (const [, r] of byVersion) if (r.early !== undefined && r.receivedEarly !== undefined) Object.assign(r, { sent: r.early, received: r.receivedEarly });
for (const e of ev) if (e.thread === main && e.event === 'published') { const r = byVersion.get(key(e)); if (r && r.received && !r.published) r.published = e.t; }
/** the collections of the main thread (`thread` main) or of the workers (any other) in [a, b) */
const gcsIn = (thread, a, b) => ev.filter((e) => e.event === 'gc' && (thread === main ? e.thread === main : e.thread !== main) && e.t >= a && e.t < b);
const gcIn = (thread, a, b) => gcsIn(thread, a, b).reduce((s, e) => s + e.ms, 0);
// PerformanceObserver's gc kinds: 1 minor, 4 major, 8 incremental marking, 16 weak callbacks
const majorIn = (a, b) => gcsIn(-1, a, b).some((e) => e.kind === 4 || e.kind === 8);
for (const r of [...byVersion.values()].sort((a, b) => a.didChange - b.didChange)) {
  if (!r.published || !r.job) continue;
  rows.push({ v: r.v, total: r.published - r.didChange, queue: r.posted - r.didChange, toWk: r.job - r.posted, static: r.static - r.job, run: r.ran - r.static, post: r.sent - r.ran, toMain: r.received - r.sent, apply: r.published - r.received, gcW: gcIn(-1, r.didChange, r.published), gcM: gcIn(main, r.didChange, r.published), runWait: r.ranWait - r.staticWait, runOn: r.ran - r.static - (r.ranWait - r.staticWait), others: r.ranOthers - r.staticOthers, major: majorIn(r.didChange, r.published) ? 'M' : '' });
}
const cols = ['total', 'queue', 'toWk', 'static', 'run', 'post', 'toMain', 'apply', 'gcW', 'gcM', 'runWait', 'runOn', 'others', 'major'];
const f = (x) => (typeof x === 'string' ? x : x === undefined || Number.isNaN(x) ? '-' : x.toFixed(1)).padStart(8);
console.log('version' + cols.map((c) => c.padStart(8)).join(''));
for (const r of rows) console.log(String(r.v).padStart(7) + cols.map((c) => f(r[c])).join(''));
const q = (xs, p) => { const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]; };
const kept = rows.slice(skip);
// (the major column's summary: how many of the edits had one)
const summary = (c, p) => (c === 'major' ? `${kept.filter((r) => r.major).length}x` : q(kept.map((r) => r[c]), p));
for (const [name, p] of [['p50', 0.5], ['p95', 0.95]]) console.log(name.padStart(7) + cols.map((c) => f(summary(c, p))).join(''));
