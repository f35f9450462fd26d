import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { executeJob, WorkerMessage } from '../../server/src/lsp/jobs';
import { resolveWorker, SimulationHost } from '../../server/src/lsp/simHost';
import { WARM_UP_EDITS, warmUp, warmUpScenario, warmUpText } from '../../server/src/lsp/warmUp';

describe("the background worker's JIT warm-up (lsp/warmUp.ts)", function () {
  this.timeout(60000);

  it('runs the scenario, then its edits one per turn, then forgets it', () => {
    const texts: string[] = [];
    const turns: (() => void)[] = [];
    let done = 0;
    warmUp((t) => texts.push(t), () => done++, (fn) => turns.push(fn));
    assert.strictEqual(texts.length, 0, 'nothing runs before the first idle turn');
    while (turns.length) {
      const before = texts.length;
      turns.shift()!();
      assert.ok(texts.length - before <= 1, 'one job per turn');
    }
    assert.strictEqual(texts.length, WARM_UP_EDITS + 1);
    assert.strictEqual(done, 1);
    const base = warmUpScenario();
    assert.strictEqual(texts[0], base);
    for (let k = 0; k < WARM_UP_EDITS; k++) assert.strictEqual(texts[k + 1], warmUpText(base, k));
    const edited = texts.filter((t) => t !== base);
    assert.strictEqual(edited.length, WARM_UP_EDITS / 2, 'every other text has a statement edited');
    assert.ok(new Set(edited).size > 5, 'the edits move through the scenario');
  });

  it('exercises the emulator: the scenario and its edits run with no error and their expectations pass', () => {
    const base = warmUpScenario();
    for (const text of [base, warmUpText(base, 0), warmUpText(base, 8)]) {
      let out: WorkerMessage | undefined;
      executeJob({ id: 1, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 30_000 }, (m) => (out = m));
      assert.ok(out && out.type === 'done');
      const run = out.runs[0];
      assert.deepStrictEqual([...out.staticDiagnostics, ...run.diagnostics].filter((d) => d.severity === 'error'), []);
      assert.ok(run.executed > 150, `${run.executed} statements`);
      assert.ok(run.expectations.length > 50 && run.expectations.every((e) => e.passed));
    }
  });

  it('a warming worker still answers jobs', async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')), warmUp: true });
    try {
      const basic = fs.readFileSync(path.join(__dirname, '../protocol/fixtures/basic.mmlab'), 'utf8');
      for (let i = 0; i < 3; i++) {
        const out = await host.submit({ text: basic + ' '.repeat(i), designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 5000, uri: 'file:///w.mmlab' }).promise;
        assert.strictEqual(out.status, 'done');
      }
    } finally {
      host.dispose();
    }
  });
});
