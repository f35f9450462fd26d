import * as assert from 'assert';
import * as path from 'path';
import { analyzeFull, analyzeStatic, AnalysisOptions, comparedDesigns, runStatic } from '../../server/src/analysis/analyze';
import { DIAGNOSTICS_ONLY } from '../../server/src/cli/commands/common';
import { readScenario } from '../../server/src/cli/files';
import { diagnosticLine, sortedDiagnostics, toJsonReport } from '../../server/src/cli/report';
import { DESIGNS } from '../../server/src/model/ir';
import { sampleFiles } from '../run/editSequences';
import { largeScenario } from '../../bench/scenarios';

/** what `mmlab check` prints of a file, as lines and as its --json report */
function checkOutput(file: string, text: string, opts: AnalysisOptions): string {
  const a = analyzeFull(text, opts);
  return JSON.stringify({ lines: sortedDiagnostics(a.allDiagnostics).map((d) => diagnosticLine(file, a.lineIndex, d)), json: toJsonReport(file, a) });
}

describe('mmlab check and mmlab test run without trace events or step records (cli/commands/common.ts DIAGNOSTICS_ONLY)', function () {
  this.timeout(300000);

  it('prints what a run with them prints: every sample under its own design and two others, and a long scenario', () => {
    const files = [...sampleFiles(), ...sampleFiles(path.resolve(__dirname, 'fixtures'))];
    assert.ok(files.length > 40, `${files.length} files`);
    let compared = 0;
    for (const f of files) {
      const src = readScenario(f);
      if ('error' in src) continue;
      for (const design of [undefined, DESIGNS[0], DESIGNS[DESIGNS.length - 1]]) {
        const opts: AnalysisOptions = { design, workspace: src.workspace };
        assert.strictEqual(checkOutput(f, src.text, { ...opts, ...DIAGNOSTICS_ONLY }), checkOutput(f, src.text, opts), `${f} under ${design ?? 'its design'}`);
        compared++;
      }
    }
    const long = largeScenario(3000);
    assert.strictEqual(checkOutput('long.mmlab', long, DIAGNOSTICS_ONLY), checkOutput('long.mmlab', long, {}));
    assert.ok(compared > 120, `${compared} comparisons`);
  });

  it("test's reading of a run (its expectations, its --json report) is the same under every design it compares", () => {
    let compared = 0;
    for (const f of sampleFiles()) {
      const src = readScenario(f);
      if ('error' in src) continue;
      const stat = analyzeStatic(src.text, { workspace: src.workspace });
      for (const design of comparedDesigns(stat.program)) {
        const read = (opts: AnalysisOptions) => JSON.stringify(toJsonReport(f, runStatic(stat, { ...opts, design })));
        assert.strictEqual(read(DIAGNOSTICS_ONLY), read({}), `${f} under ${design}`);
        compared++;
      }
    }
    assert.ok(compared > 500, `${compared} comparisons`);
  });

  it('the comparison sees a difference in the run (a step budget that cuts it)', () => {
    const long = largeScenario(600);
    assert.notStrictEqual(checkOutput('long.mmlab', long, { ...DIAGNOSTICS_ONLY, maxSteps: 50 }), checkOutput('long.mmlab', long, { maxSteps: 60 }));
  });
});
