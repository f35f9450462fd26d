/**
 * The LSP bench's statement-edit section without the protocol: the background workers
 * (dist/server/worker.js, warmed as the server warms them; the long document in a worker of its
 * own as the server runs it, ADR 0028, `--one-worker` for one worker) get the jobs the server would post for
 * `bench/lsp-latency.mjs`: its samples section (the first sample opened and edited 10 times, then
 * every bundled sample opened and edited `--edits` times, a space at the end of the last line,
 * 52 ms after each result) and then the 5,000-line scenario opened and given `--large-edits`
 * statement edits (a digit typed into an `mmap(4M)` and removed, at the bench's places). Prints the
 * CPU time of the whole process (every thread: the worker, the compiler's and collector's helpers)
 * and the wall time of each of the long document's jobs, so that the first edits after the open
 * can be compared between builds without the protocol's noise.
 *
 *   npm run build && esbuild bench/first-edits.ts --bundle --platform=node --target=node20 --outfile=out/bench/first-edits.js
 *   node out/bench/first-edits.js [--edits N] [--large-edits N] [--idle-ms N] [--no-samples] [--one-worker] [--phases] [--json]
 * (`--phases`: a line per job on stdout, with its time, for reading `node --trace-opt --trace-deopt`,
 * which prints there too, under `stdbuf -oL`, or a `--cpu-prof` profile of the worker)
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { SIM_WORKER_RESOURCE_LIMITS } from '../server/src/lsp/limits';
import { LONG_WORKER_START_MS } from '../server/src/lsp/runs';
import { JobInput, SimulationHost } from '../server/src/lsp/simHost';
import { warmUpScenario } from '../server/src/lsp/warmUp';

const root = join(__dirname, '../..');
const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const sampleEdits = arg('--edits', 1);
const largeEdits = arg('--large-edits', 60);
const withSamples = !process.argv.includes('--no-samples');
const DEBOUNCE_MS = 50;
/** `--phases`: a line on stdout before each job (read with --trace-opt / --trace-deopt, which print there too) */
const phase = process.argv.includes('--phases') ? (what: string): void => void process.stdout.write(`=== ${what} at ${process.hrtime.bigint() / 1000n} us\n`) : (): void => undefined;

function scenarios(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) scenarios(full, out);
    else if (e.endsWith('.mmlab')) out.push(full);
  }
  return out.sort();
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const workerSpec = { file: join(root, 'dist/server/worker.js'), options: { resourceLimits: { ...SIM_WORKER_RESOURCE_LIMITS } } };
const host = new SimulationHost({ worker: workerSpec, warmUp: true });
/** long documents' runs in a worker of their own, as the server runs them (ADR 0028); `--one-worker`: in the same one, as before */
const longHost = process.argv.includes('--one-worker') ? host : new SimulationHost({ worker: workerSpec, warmUp: true });

async function job(uri: string, text: string, large: boolean): Promise<{ cpu: number; wall: number }> {
  const input: JobInput = { text, designs: [null], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, ...(large ? { trace: false, maxStepRecords: 0 } : {}), uri };
  const c0 = cpuMs();
  const t0 = performance.now();
  let early = 0;
  const outcome = await (large ? longHost : host).submit(input, undefined, () => (early = performance.now())).promise;
  if (outcome.status !== 'done') throw new Error(`${uri}: ${outcome.status}`);
  return { cpu: cpuMs() - c0, wall: (early || performance.now()) - t0 };
}

/** a document opened, then `edits` edits from `edit(i)`, each 52 ms after the last result as the bench sends them */
async function document(uri: string, text: string, edits: number, edit: (i: number) => string, large: boolean) {
  phase(`open ${uri}`);
  const open = await job(uri, text, large);
  const jobs = [];
  for (let i = 0; i < edits; i++) {
    await sleep(DEBOUNCE_MS + 2);
    phase(`edit ${i + 1} ${uri}`);
    jobs.push(await job(uri, edit(i), large));
  }
  return { open, jobs };
}

/** the bench's trivia edit of a sample: a space added to the last line, then removed */
const trivia = (text: string) => (i: number) => (i % 2 === 0 ? `${text} ` : text);

/** the bench's statement edit: a digit typed into the next `mmap(4M)` at a place spread over the file, then removed */
function statementEdit(text: string): (i: number) => string {
  const lines = text.split('\n');
  const lastLine = lines.length - 1;
  return (i) => {
    if (i % 2 === 1) return text;
    let line = 5 + ((Math.floor(i / 2) * 769) % Math.max(1, lastLine - 10));
    while (line < lastLine && !lines[line].includes('mmap(4M)')) line++;
    const edited = [...lines];
    edited[line] = edited[line].replace('mmap(4M)', 'mmap(42M)');
    return edited.join('\n');
  };
}

async function main(): Promise<void> {
  const files = scenarios(join(root, 'sample-workspaces'));
  // the long documents' worker starts a while after the first document, as the server starts it (lsp/runs.ts)
  if (longHost !== host) setTimeout(() => longHost.start(), LONG_WORKER_START_MS);
  const c0 = cpuMs();
  if (withSamples) {
    const first = readFileSync(files[0], 'utf8');
    await document('file:///bench/warmup', first, 10, trivia(first), false);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      await document(`file:///bench/${f.slice(root.length + 1).replace(/[^A-Za-z0-9_.-]/g, '_')}`, text, sampleEdits, trivia(text), false);
    }
  } else {
    // the worker starts with the first job (and warms up then): one sample opened, then time for the warm-up
    phase('open file:///bench/warmup');
    await job('file:///bench/warmup', readFileSync(files[0], 'utf8'), false);
    await sleep(3000);
  }
  const samplesCpu = cpuMs() - c0;
  // `--idle-ms N`: as long a pause before the long document (the LSP bench's samples section takes 100 s with its 40 edits per sample)
  await sleep(arg('--idle-ms', DEBOUNCE_MS + 2));
  const rssMiBBeforeLong = process.memoryUsage().rss / 1048576;
  // bench/lsp-latency.mjs generateLargeScenario(5000): the warm-up's shape, its own title
  const text = warmUpScenario(5000).replace('scenario "warm-up"', 'scenario "generated: 5,000 lines"');
  const large = await document('file:///bench/generated-5000-lines.mmlab', text, largeEdits, statementEdit(text), true);
  phase('end');
  const after = large.jobs.slice(5).map((j) => j.wall).sort((a, b) => a - b);
  const report = {
    samplesCpu,
    rssMiBBeforeLong,
    openCpu: large.open.cpu,
    firstFiveCpu: large.jobs.slice(0, 5).map((j) => j.cpu),
    firstFiveWall: large.jobs.slice(0, 5).map((j) => j.wall),
    laterWallP50: after[Math.floor(after.length / 2)],
    laterWallP95: after[Math.min(after.length - 1, Math.ceil(after.length * 0.95) - 1)],
  };
  const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/');
  if (process.argv.includes('--json')) console.log(JSON.stringify(report));
  else
    console.log(
      `samples ${report.samplesCpu.toFixed(0)} ms CPU; RSS before the long document ${report.rssMiBBeforeLong.toFixed(0)} MiB; 5,000 lines: open ${report.openCpu.toFixed(0)} ms CPU; first five edits CPU ${f(report.firstFiveCpu)} wall ${f(report.firstFiveWall)} ms (max ${Math.max(...report.firstFiveWall).toFixed(1)}); the ${after.length} after them wall p50 ${report.laterWallP50?.toFixed(1)} p95 ${report.laterWallP95?.toFixed(1)} ms`,
    );
  host.dispose();
  longHost.dispose();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
