/**
 * RunOptions.reportsWhenRead (the simulation worker's runs, ADR 0025): `nodes` and `mappings` built
 * when first read, after the run. The result must be the one a run that builds them when it ends
 * gives, whichever field is read first (the step records' snapshots read the creators the node
 * reports note), over every sample and seeded edits of them.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { prng } from '../../server/src/mm/machine';
import { RunResult } from '../../server/src/mm/result';
import { forgetSharedReports } from '../../server/src/run/report';
import { randomEdit, sampleFiles } from './editSequences';

const FIELDS = ['nodes', 'mappings', 'steps'] as const;

function both(text: string, first: (typeof FIELDS)[number]): { eager: string; lazy: string; lazyResult: RunResult } {
  const stat = analyzeStatic(text);
  const o = { design: designFor(stat), maxSteps: 20_000 };
  const eager = JSON.stringify(runProgram(stat.program, stat.diagnostics, o));
  const lazyResult = runProgram(stat.program, stat.diagnostics, { ...o, reportsWhenRead: true });
  void lazyResult[first];
  return { eager, lazy: JSON.stringify(lazyResult), lazyResult };
}

describe('run: reports built when read (reportsWhenRead)', () => {
  it('the same result as reports built at the end, whichever field is read first, on every sample and edits of them', function () {
    this.timeout(300_000);
    const r = prng(0x1a2e);
    let n = 0;
    for (const file of sampleFiles()) {
      let text = readFileSync(file, 'utf8');
      for (let i = 0; i < 3; i++) {
        const first = FIELDS[(n++) % FIELDS.length];
        const { eager, lazy } = both(text, first);
        assert.strictEqual(lazy, eager, `${path.basename(file)} after ${i} edits, ${first} read first`);
        text = randomEdit(text, r);
      }
    }
  });

  it('the comparison sees a report that differs (a deliberate corruption: a mapping report changed)', () => {
    const text = readFileSync(sampleFiles()[0], 'utf8');
    const { eager, lazyResult } = both(text, 'steps');
    assert.ok(lazyResult.mappings.length > 0);
    lazyResult.mappings[0].sizeBytes += 1;
    assert.notStrictEqual(JSON.stringify(lazyResult), eager);
  });
});

describe('run: reports shared with the last run (run/report.ts lastPages, lastOwners)', () => {
  const run = (text: string): RunResult => {
    const stat = analyzeStatic(text);
    const r = runProgram(stat.program, stat.diagnostics, { design: designFor(stat), maxSteps: 20_000, maxStepRecords: 0, trace: false });
    void (r.nodes, r.mappings);
    return r;
  };

  it('a run after the last version of its document reports what a run with nothing to share from does, on every sample and edits of them', function () {
    this.timeout(300_000);
    const r = prng(0x5ea2);
    let shared = 0;
    for (const file of sampleFiles()) {
      let text = readFileSync(file, 'utf8');
      let prev = run(text);
      for (let i = 0; i < 3; i++) {
        text = randomEdit(text, r);
        const warm = run(text);
        for (const m of warm.mappings) if (prev.mappings.includes(m)) shared++;
        warm.nodes.forEach((n, k) => n.owners.forEach((o) => (shared += prev.nodes[k]?.owners.includes(o) ? 1 : 0)));
        forgetSharedReports();
        const cold = JSON.stringify(run(text));
        assert.strictEqual(JSON.stringify(warm), cold, `${path.basename(file)} after ${i + 1} edits`);
        prev = warm;
      }
    }
    assert.ok(shared > 100, `reports were shared (${shared}): the check is not vacuous`);
  });

  it('the comparison sees a shared report changed after its run (a deliberate corruption)', () => {
    const text = readFileSync(sampleFiles()[0], 'utf8');
    const first = run(text);
    const again = run(text);
    assert.ok(again.mappings.length > 0 && again.mappings[0] === first.mappings[0], 'the report is shared');
    // (a field the sharing does not compare: it is the same object)
    (first.mappings[0] as unknown as Record<string, unknown>).changed = true;
    const warm = JSON.stringify(run(text));
    forgetSharedReports();
    assert.notStrictEqual(warm, JSON.stringify(run(text)));
  });
});
