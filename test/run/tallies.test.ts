/**
 * A run without step records keeps no step tallies (RunContext.tallies: the placement keys and
 * per-step page sums only step records read), and notes the creating statement of each owner from
 * the owners a step placed (RunContext.placedOwners). Its reports (node owners with their creating
 * statements, mappings) must be the ones a run with step records gives, over every sample and
 * seeded edits of them, and a scenario that reuses a name: the owner's creator is the statement
 * that first placed its pages, not the one the name points at when the reports are read.
 */
import * as assert from 'assert';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { RunResult } from '../../server/src/mm/result';
import { eachSampleVersion } from './editSequences';

function reports(text: string, maxStepRecords: number | undefined): { nodes: string; mappings: string; result: RunResult } {
  const stat = analyzeStatic(text);
  const r = runProgram(stat.program, stat.diagnostics, { design: designFor(stat), maxSteps: 20_000, ...(maxStepRecords === undefined ? {} : { maxStepRecords, trace: false }) });
  return { nodes: JSON.stringify(r.nodes), mappings: JSON.stringify(r.mappings), result: r };
}

/** a kernel block that allocates under one name twice: one owner, created by the first statement */
const REUSED = [
  'scenario "reused name"',
  'node 0 dram 4G cpus 0-3',
  'node 1 dram 4G cpus 4-7',
  'kernel "driver" {',
  '  p = alloc_pages_node(0, GFP_KERNEL, 4)',
  '  p = alloc_pages_node(1, GFP_KERNEL, 4)',
  '}',
  '',
].join('\n');

describe('run: a run without step records keeps no step tallies (RunContext.tallies)', () => {
  it('reports the owners and their creating statements as a run with step records does, on every sample and edits of them', function () {
    this.timeout(300_000);
    let owners = 0;
    eachSampleVersion(0x7a11, 3, (text, label) => {
      const quiet = reports(text, 0);
      const full = reports(text, undefined);
      assert.strictEqual(quiet.nodes, full.nodes, `${label}: node reports`);
      assert.strictEqual(quiet.mappings, full.mappings, `${label}: mapping reports`);
      assert.strictEqual(quiet.result.steps.length, 0, 'the quiet run kept no step records');
      owners += quiet.result.nodes.reduce((s, n) => s + n.owners.length, 0);
    });
    assert.ok(owners > 100, `owners were reported (${owners}): the comparison is not vacuous`);
  });

  it('an owner whose name is reused keeps the statement that first placed its pages (noted while it ran, not looked up after)', () => {
    const first = REUSED.indexOf('p = alloc_pages_node(0');
    assert.ok(REUSED.indexOf('p = alloc_pages_node(1') > first);
    for (const records of [0, undefined]) {
      const r = reports(REUSED, records).result;
      const created = r.nodes.flatMap((n) => n.owners.filter((o) => o.span !== undefined).map((o) => ({ node: n.id, owner: o.owner, start: o.span!.start })));
      assert.deepStrictEqual(
        created.map((c) => [c.node, c.start]),
        [
          [0, first],
          [1, first],
        ],
        `${JSON.stringify(created)} (maxStepRecords ${records})`,
      );
    }
  });
});
