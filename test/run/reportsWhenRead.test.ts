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
import { ReportShare } from '../../server/src/run/report';
import { IncrementalRun } from '../../server/src/run/incremental';
import { simulate } from '../../server/src/run/simulate';
import { eachSampleVersion, randomEdit, sampleFiles } from './editSequences';

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
    let n = 0;
    eachSampleVersion(0x1a2e, 3, (text, label) => {
      const first = FIELDS[n++ % FIELDS.length];
      const { eager, lazy } = both(text, first);
      assert.strictEqual(lazy, eager, `${label}, ${first} read first`);
    });
  });

  it('the comparison sees a report that differs (a deliberate corruption: a mapping report changed)', () => {
    const text = readFileSync(sampleFiles()[0], 'utf8');
    const { eager, lazyResult } = both(text, 'steps');
    assert.ok(lazyResult.mappings.length > 0);
    lazyResult.mappings[0].sizeBytes += 1;
    assert.notStrictEqual(JSON.stringify(lazyResult), eager);
  });
});

describe('run: reports shared with the last run of a session (run/report.ts ReportShare)', () => {
  const run = (text: string, share?: ReportShare): RunResult => {
    const stat = analyzeStatic(text);
    const r = simulate(stat.program, { design: designFor(stat), maxSteps: 20_000, maxStepRecords: 0, trace: false, staticDiagnostics: stat.diagnostics }, { hooks: {}, ...(share ? { reports: share } : {}) });
    void (r.nodes, r.mappings);
    return r;
  };
  /** the report objects (mapping reports, their pages records, node owner entries) two results have in common */
  const common = (a: RunResult, b: RunResult): number => {
    const objects = (r: RunResult) => new Set<unknown>([...r.mappings, ...r.mappings.map((m) => m.pages), ...r.nodes.flatMap((n) => n.owners)]);
    const mine = objects(a);
    let n = 0;
    for (const o of objects(b)) if (mine.has(o)) n++;
    return n;
  };

  it('a run after the last version of its document reports what a run with nothing to share from does, on every sample and edits of them', function () {
    this.timeout(300_000);
    const r = prng(0x5ea2);
    let shared = 0;
    for (const file of sampleFiles()) {
      let text = readFileSync(file, 'utf8');
      const session = new ReportShare();
      let prev = run(text, session);
      for (let i = 0; i < 3; i++) {
        text = randomEdit(text, r);
        const warm = run(text, session);
        shared += common(prev, warm);
        const cold = JSON.stringify(run(text));
        assert.strictEqual(JSON.stringify(warm), cold, `${path.basename(file)} after ${i + 1} edits`);
        prev = warm;
      }
    }
    assert.ok(shared > 100, `reports were shared (${shared}): the check is not vacuous`);
  });

  it('the comparison sees a shared report changed after its run (a deliberate corruption)', () => {
    const text = readFileSync(sampleFiles()[0], 'utf8');
    const session = new ReportShare();
    const first = run(text, session);
    const again = run(text, session);
    assert.ok(again.mappings.length > 0 && again.mappings[0] === first.mappings[0], 'the report is shared');
    // (a field the sharing does not compare: it is the same object)
    (first.mappings[0] as unknown as Record<string, unknown>).changed = true;
    const warm = JSON.stringify(run(text, session));
    assert.notStrictEqual(warm, JSON.stringify(run(text)));
  });

  it('two sessions share nothing (two documents with the same text; the worker keeps a session per document and design, lsp/jobs.ts)', () => {
    const text = readFileSync(sampleFiles()[0], 'utf8');
    // two documents with the same text: the same owners, the same pages
    const docA = new IncrementalRun();
    const docB = new IncrementalRun();
    const stat = analyzeStatic(text);
    const o = { design: designFor(stat), maxSteps: 20_000, maxStepRecords: 0, trace: false };
    const a1 = runProgram(stat.program, stat.diagnostics, o, docA, text);
    void (a1.nodes, a1.mappings);
    const b1 = runProgram(stat.program, stat.diagnostics, o, docB, text);
    void (b1.nodes, b1.mappings);
    assert.strictEqual(JSON.stringify(a1), JSON.stringify(b1));
    assert.strictEqual(common(a1, b1), 0, 'the second document got none of the first one\'s reports');
    assert.ok(docA.reports.pages.size > 0 && docB.reports.pages.size === docA.reports.pages.size, 'each session noted the owners');
    // a deliberate corruption: one table for both (the process-wide tables of before) is seen
    const one = new ReportShare();
    assert.ok(common(run(text, one), run(text, one)) > 0, 'one table shared by two runs is caught');
  });
});
