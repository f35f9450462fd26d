/**
 * The built-in designs moved from TypeScript objects into declarations (the prelude):
 * every sample and oracle scenario, and every outside conformance scenario when
 * ../shared is present, prints byte-identical `run --json` output under each of the six
 * designs as it did before the move (captured in builtins.golden.jsonl, see capture.ts).
 */
import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { CAPTURED_DESIGNS, conformanceScenarios, GoldenLine, repoScenarios, ROOT, runJson, sha256, SHARED_CONFORMANCE, storedOutput } from './builtinOutputs';

const golden: GoldenLine[] = readFileSync(path.join(__dirname, 'builtins.golden.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

describe('built-in designs as declarations: output unchanged', () => {
  it('the capture covers the samples and oracle scenarios (scenarios added since need none)', () => {
    const present = new Set(repoScenarios());
    const captured = golden.filter((g) => g.outputs);
    assert.ok(captured.length >= 170);
    assert.ok(captured.filter((g) => present.has(g.file)).length >= 170, 'most captured scenarios still exist');
  });
  for (const g of golden.filter((x) => x.outputs)) {
    it(g.file, function () {
      const full = path.join(ROOT, g.file);
      if (!existsSync(full)) this.skip(); // a scenario deleted since the capture
      const text = readFileSync(full, 'utf8');
      // a deliberate change of behaviour or of a sample: re-capture with UPDATE_GOLDENS=1 npx tsx test/designs/capture.ts
      for (const d of CAPTURED_DESIGNS) assert.strictEqual(runJson(g.file, text, d), storedOutput(g, d), `${g.file} under ${d}`);
    });
  }
  const conf = golden.filter((x) => x.hashes);
  it('outside conformance scenarios give the captured hashes (when ../shared is beside the checkout)', function () {
    if (!existsSync(SHARED_CONFORMANCE)) this.skip();
    const names = conformanceScenarios();
    assert.ok(names.length >= 12);
    for (const name of names) {
      const g = conf.find((c) => c.file === `conformance/${name}`);
      assert.ok(g, `conformance/${name} was captured`);
      const text = readFileSync(path.join(SHARED_CONFORMANCE, name), 'utf8');
      for (const d of CAPTURED_DESIGNS) assert.strictEqual(sha256(runJson(`conformance/${name}`, text, d)), g.hashes![d], `${name} under ${d}`);
    }
  });
});
