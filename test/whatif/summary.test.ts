/**
 * The what-if fast path gives the answers of a full run. Summaries are made per text (parsed,
 * lowered and checked once, then run under each design), without trace events or decision-path
 * lines, with lean comparison cells: every summary, and the explore / sweep / shrink answers
 * built from them, must equal those of one full run per (text, design) with the default options.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { explore, variantsOf } from '../../server/src/analysis/whatif/explore';
import { shrink } from '../../server/src/analysis/whatif/shrink';
import { packBatch, unpackBatch } from '../../server/src/analysis/whatif/pool';
import { batchJobs, runInProcess, Runner, summarizeBatch, WhatIfJob } from '../../server/src/analysis/whatif/summary';
import { parseSet, sweep } from '../../server/src/analysis/whatif/sweep';
import { variantText } from '../../server/src/analysis/whatif/variants';
import { DESIGNS } from '../../server/src/model/ir';

const root = resolve(__dirname, '../..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

/** one full run per job: default run options (trace, explain lines), full cells, nothing shared between jobs */
const fullRunner: Runner = async (jobs) => jobs.map((j) => summarizeBatch({ text: j.text, designs: [j.design], opts: j.opts }, {}, false)[0]);

const SAMPLES = [
  'sample-workspaces/isolation-debate/shrinker-info.mmlab',
  'sample-workspaces/cram/07-media-overflow.mmlab',
  'sample-workspaces/cram/05-backpressure.mmlab',
  'sample-workspaces/cxl-mempolicy/mbind-bind.mmlab',
  'sample-workspaces/high-order/order9-no-compaction.mmlab',
  'sample-workspaces/longterm-pins/hot-unplug.mmlab',
  'sample-workspaces/design-evolution/ideas-services.mmlab',
  'test/whatif/fixtures/shrink-40.mmlab',
];

describe('what-if: the fast path equals full runs', function () {
  this.timeout(600000);

  it('summaries of each sample and of some of its variants, under every design', async () => {
    let compared = 0;
    for (const f of SAMPLES) {
      const text = read(f);
      // the base file under every design, then every 7th one-change variant under its own design
      const { variants } = variantsOf(text);
      const jobs: WhatIfJob[] = [...DESIGNS.map((design) => ({ text, design })), ...variants.filter((_, i) => i % 7 === 0).map((v) => ({ text: variantText(text, v), design: v.design }))];
      const fast = await runInProcess(jobs);
      const full = await fullRunner(jobs);
      jobs.forEach((j, i) => assert.deepStrictEqual(fast[i], full[i], `${f} under ${j.design}:\n${j.text}`));
      compared += jobs.length;
      assert.ok(fast.every(Boolean), f);
    }
    assert.ok(compared > SAMPLES.length * DESIGNS.length);
  });

  it('every sample and fidelity scenario under every design', async () => {
    const dirs = ['sample-workspaces', 'test/mm/fidelity'];
    const files = dirs.flatMap((d) => readdirSync(join(root, d), { recursive: true }).map(String).filter((f) => f.endsWith('.mmlab')).map((f) => join(d, f)));
    assert.ok(files.length > 60, `${files.length} files`);
    for (const f of files) {
      const text = read(f);
      const jobs = DESIGNS.map((design) => ({ text, design }));
      assert.deepStrictEqual(await runInProcess(jobs), await fullRunner(jobs), f);
    }
  });

  it('a run budget stays per run: a cut summary is the same in a batch and alone', async () => {
    const text = read('sample-workspaces/isolation-debate/shrinker-info.mmlab');
    const jobs = DESIGNS.map((design) => ({ text, design, opts: { maxSteps: 40 } }));
    const fast = await runInProcess(jobs);
    assert.ok(fast.every((s) => s?.cut === 'steps'), 'the budget cut every run');
    assert.deepStrictEqual(fast, await fullRunner(jobs));
  });

  it('explore, sweep and shrink answer the same', async () => {
    const shrinker = read('sample-workspaces/isolation-debate/shrinker-info.mmlab');
    const o = { design: 'private_soft', line: 17 };
    assert.deepStrictEqual(await explore(shrinker, o, runInProcess), await explore(shrinker, o, fullRunner));
    const overflow = read('sample-workspaces/cram/07-media-overflow.mmlab');
    const spec = parseSet('node.3.media=256M..2G');
    const so = { designs: ['private_v4', 'private_soft', 'stock'] };
    assert.deepStrictEqual(await sweep(overflow, spec, so, runInProcess), await sweep(overflow, spec, so, fullRunner));
    const forty = read('test/whatif/fixtures/shrink-40.mmlab');
    const sh = { design: 'private_v4', line: 33, between: ['private_v4', 'private_soft'] as [string, string] };
    assert.deepStrictEqual(await shrink(forty, sh, runInProcess), await shrink(forty, sh, fullRunner));
  });

  it('groups jobs by text and budget, in job order, and splits a lone text between the threads', () => {
    const jobs: WhatIfJob[] = [
      { text: 'a', design: 'stock' },
      { text: 'b', design: 'stock' },
      { text: 'a', design: 'private_v4' },
      { text: 'a', design: 'spm_v2', opts: { maxSteps: 10 } },
    ];
    assert.deepStrictEqual(
      batchJobs(jobs).map((g) => [g.batch.text, g.batch.designs, g.index]),
      [
        ['a', ['stock', 'private_v4'], [0, 2]],
        ['b', ['stock'], [1]],
        ['a', ['spm_v2'], [3]],
      ],
    );
    const one = DESIGNS.slice(0, 5).map((design) => ({ text: 'a', design }));
    const split = batchJobs(one, 2);
    assert.strictEqual(split.length, 2);
    assert.deepStrictEqual(split.flatMap((g) => g.index), [0, 1, 2, 3, 4]);
    assert.deepStrictEqual(split.flatMap((g) => g.batch.designs), DESIGNS.slice(0, 5));
  });
});

describe('what-if: the thread boundary', () => {
  it('a packed batch unpacks to the same summaries, field for field and in the same key order', () => {
    const text = read('sample-workspaces/cram/07-media-overflow.mmlab');
    const designs = [...DESIGNS];
    for (const opts of [{}, { maxSteps: 5 }]) {
      const batch = summarizeBatch({ text, designs, opts });
      assert.ok(batch.every((s) => !!s?.cut === 'maxSteps' in opts), 'whole runs, then runs cut by their budget');
      // JSON text, not deepStrictEqual: `mmlab explore --json` prints a summary, so key order counts too
      assert.strictEqual(JSON.stringify(unpackBatch(structuredClone(packBatch(batch)))), JSON.stringify(batch));
    }
    const summaries = summarizeBatch({ text, designs });
    // a lost run stays lost, in its place
    const holes = [summaries[0], undefined, summaries[2]];
    assert.deepStrictEqual(unpackBatch(packBatch(holes)), holes);
    assert.deepStrictEqual(unpackBatch(packBatch([])), []);
  });
});

describe('what-if: cancelling inside a batch', () => {
  const text = read('sample-workspaces/isolation-debate/shrinker-info.mmlab');
  const designs = ['private_v4', 'private_soft', 'stock'];

  it('the designs after the cancel get no summary; the ones before keep theirs', () => {
    // how often one whole run asks: once before it (the batch), then the interpreter between statements
    let calls = 0;
    summarizeBatch({ text, designs: [designs[0]] }, undefined, true, () => (calls++, false));
    assert.ok(calls > 1, `${calls} calls`);
    // so the cancel arrives as the second design is about to start
    let asked = 0;
    const out = summarizeBatch({ text, designs }, undefined, true, () => ++asked > calls);
    // after it, each remaining design is asked once and does not run
    assert.strictEqual(asked, calls + designs.length - 1, 'nothing ran after the cancel');
    assert.ok(out[0], 'the first design ran to the end');
    assert.deepStrictEqual(out[0], summarizeBatch({ text, designs: [designs[0]] })[0]);
    assert.deepStrictEqual(out.slice(1), [undefined, undefined]);
  });

  it('a run the cancel stops is no answer (not a summary of half a run)', () => {
    let asked = 0;
    // true at the interpreter's first check inside the run (after the batch's own check)
    const out = summarizeBatch({ text, designs: ['private_soft'] }, undefined, true, () => asked++ > 0);
    assert.ok(asked > 1, 'the run itself asked');
    assert.deepStrictEqual(out, [undefined]);
  });

  it('the in-process runner stops too', async () => {
    const jobs = [...designs.map((design) => ({ text, design })), { text: `${text}\n`, design: 'stock' }];
    assert.deepStrictEqual(await runInProcess(jobs, undefined, () => true), [undefined, undefined, undefined, undefined]);
  });
});
