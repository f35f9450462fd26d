import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { DESIGNS } from '../../server/src/model/ir';
import { runText } from '../mm/helpers';
import { describeOutside } from '../outside';

const SAMPLES = path.resolve(__dirname, '../../sample-workspaces');

function sameTwice(text: string): void {
  for (const d of DESIGNS) {
    const a = JSON.stringify(runText(text, d).run);
    const b = JSON.stringify(runText(text, d).run);
    assert.strictEqual(a, b, d);
    assert.ok(a.length > 100);
  }
}

describeOutside('determinism of the outside conformance scenarios', (dir) => {
  for (const f of ['06-cram-demotion.mmlab', '03-nodemask-filters-fallback.mmlab', '07-cram-backpressure.mmlab']) {
    it(`${f}: the same file gives byte-identical JSON twice, under every design`, () => sameTwice(readFileSync(path.join(dir, f), 'utf8')));
  }
});

describe('determinism', () => {
  // the project's own CRAM and mempolicy samples: these run on every clone
  for (const f of ['cram/05-backpressure.mmlab', 'cram/01-demotion.mmlab', 'cxl-mempolicy/mbind-bind.mmlab']) {
    it(`${f}: the same file gives byte-identical JSON twice, under every design`, () => sameTwice(readFileSync(path.join(SAMPLES, f), 'utf8')));
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
