/**
 * The what-if bench (issue 16): 1,000 variants of a sample, each run under every design, in
 * worker threads from the CLI bundle (dist/cli.js), as `mmlab explore`/`sweep` run them (the
 * pool groups the jobs by text: each worker parses a variant once and runs it under each design).
 * Bundled to out/bench/whatif.js by bench/whatif.mjs; prints one JSON line.
 *   node out/bench/whatif.js SAMPLE VARIANTS THREADS
 * The variants: the sample's one-change variants (explore), then pairs and triples of them
 * whose edits do not touch each other, until VARIANTS distinct files.
 * The designs are a fixed list (BENCH_DESIGNS: the 13 built-ins of December 2026), not DESIGNS:
 * with "every design" the run count grew with each new built-in and history lines could not be
 * compared across commits. The output also gives runs/s and the projection for every design
 * of this commit (`allDesigns`), which is the "under all designs" figure.
 */
import { readFileSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { DESIGNS } from '../server/src/model/ir';
import { applyEdits } from '../server/src/analysis/whatif/edits';
import { variantsOf } from '../server/src/analysis/whatif/explore';
import { WhatIfJob } from '../server/src/analysis/whatif/summary';
import { Variant } from '../server/src/analysis/whatif/variants';
import { runInWorkers } from '../server/src/analysis/whatif/pool';

const [sample, nArg, threadsArg] = process.argv.slice(2);
const root = join(__dirname, '../..');
const text = readFileSync(join(root, sample), 'utf8');
const want = Number(nArg) || 1000;
const threads = Number(threadsArg) || availableParallelism();

const singles = variantsOf(text).variants.filter((v) => v.kind !== 'design');
const overlap = (a: Variant, b: Variant) => a.edits.some((x) => b.edits.some((y) => x.start <= y.end && y.start <= x.end));
const texts = new Set<string>(singles.map((v) => applyEdits(text, v.edits)));
outer: for (let i = 0; i < singles.length; i++) {
  for (let j = i + 1; j < singles.length; j++) {
    if (texts.size >= want) break outer;
    if (!overlap(singles[i], singles[j])) texts.add(applyEdits(text, [...singles[i].edits, ...singles[j].edits]));
  }
}
outer3: for (let i = 0; i < singles.length && texts.size < want; i++) {
  for (let j = i + 1; j < singles.length; j++) {
    for (let k = j + 1; k < singles.length; k++) {
      if (texts.size >= want) break outer3;
      const [a, b, c] = [singles[i], singles[j], singles[k]];
      if (!overlap(a, b) && !overlap(a, c) && !overlap(b, c)) texts.add(applyEdits(text, [...a.edits, ...b.edits, ...c.edits]));
    }
  }
}
const variants = [...texts].slice(0, want);
/** fixed so that figures stay comparable (see the header); a name since removed is dropped */
const BENCH_DESIGNS = ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device', 'private_latest', 'nofallback_only', 'folio_only', 'memalloc_scope', 'private_v5', 'memory_public', 'memory_common'].filter((d) => DESIGNS.includes(d));
const jobs: WhatIfJob[] = variants.flatMap((t) => BENCH_DESIGNS.map((design) => ({ text: t, design })));

(async () => {
  const pool = runInWorkers(join(root, 'dist/cli.js'), threads);
  // warm the workers (module load and JIT) with one job each, not counted
  await pool.run(jobs.slice(0, threads));
  // CPU time of the whole process (the workers are threads of it): the figure that holds on a loaded machine
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await pool.run(jobs);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  pool.close();
  const ran = res.filter(Boolean);
  const cut = ran.filter((s) => s!.cut).length;
  const runsPerS = (jobs.length / ms) * 1000;
  const allDesigns = { designs: DESIGNS.length, runs: variants.length * DESIGNS.length, projectedMs: ((variants.length * DESIGNS.length) / runsPerS) * 1000 };
  process.stdout.write(`${JSON.stringify({ sample, variants: variants.length, designs: BENCH_DESIGNS.length, runs: jobs.length, completed: ran.length, cut, threads, ms, perRunMs: ms / jobs.length, runsPerS, cpuMs, cpuPerRunMs: cpuMs / jobs.length, allDesigns })}\n`);
})();
