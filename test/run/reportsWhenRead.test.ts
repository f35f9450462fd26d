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
