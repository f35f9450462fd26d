import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { DESIGNS } from '../../server/src/model/ir';
import { runText } from '../mm/helpers';

const dir = path.resolve(__dirname, '../../../shared/conformance');

describe('determinism', () => {
  for (const f of ['06-cram-demotion.mmlab', '03-nodemask-filters-fallback.mmlab', '07-cram-backpressure.mmlab']) {
    it(`${f}: the same file gives byte-identical JSON twice, under every design`, () => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const d of DESIGNS) {
        const a = JSON.stringify(runText(text, d).run);
        const b = JSON.stringify(runText(text, d).run);
        assert.strictEqual(a, b, d);
        assert.ok(a.length > 100);
      }
    });
  }
  it('a random demotion choice (two equal targets) is the same on every run', () => {
    const text = `
node 0 dram 256M cpus 0
node 1 cxl 1G
node 2 cxl 1G
sysctl vm.demotion_enabled = 1
task t cpu 0 {
  a = malloc(600M)
  touch(a)
  expect pages(a, 0) > 0
}`;
    const first = runText(text, 'stock');
    assert.deepStrictEqual(first.staticDiagnostics.filter((d) => d.severity === 'error'), []);
    const demoted = first.run.mappings[0].pages;
    assert.ok((demoted['1'] ?? 0) + (demoted['2'] ?? 0) > 0, JSON.stringify(demoted));
    const runs = [0, 1, 2].map(() => JSON.stringify(runText(text, 'stock').run.mappings));
    assert.strictEqual(runs[0], runs[1]);
    assert.strictEqual(runs[1], runs[2]);
  });
});
