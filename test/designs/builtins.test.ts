/**
 * The built-in designs moved from TypeScript objects into declarations (the prelude):
 * every sample and oracle scenario, and every outside conformance scenario when
 * ../shared is present, prints byte-identical `run --json` output under each of the six
 * designs as it did before the move (captured in builtins.golden.jsonl, see capture.ts).
 */
import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { describeOutside, outsideFiles } from '../outside';
import { CAPTURED_DESIGNS, GoldenLine, repoScenarios, ROOT, runJson, sha256, storedOutput } from './builtinOutputs';

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
  // a scenario deleted since the capture has no test (the first test bounds how many may go)
  for (const g of golden.filter((x) => x.outputs && existsSync(path.join(ROOT, x.file)))) {
    it(g.file, () => {
      const text = readFileSync(path.join(ROOT, g.file), 'utf8');
      // a deliberate change of behaviour or of a sample: re-capture with UPDATE_GOLDENS=1 npx tsx test/designs/capture.ts
      for (const d of CAPTURED_DESIGNS) assert.strictEqual(runJson(g.file, text, d), storedOutput(g, d), `${g.file} under ${d}`);
    });
  }
});

// with ../shared absent this suite is named in the one skip line of scripts/test.mjs
describeOutside('built-in designs as declarations: outside conformance scenarios', () => {
  const conf = golden.filter((x) => x.hashes);
  it('give the captured hashes', () => {
    const files = outsideFiles();
    assert.ok(files.length >= 12);
    for (const file of files) {
      const name = path.basename(file);
      const g = conf.find((c) => c.file === `conformance/${name}`);
      assert.ok(g, `conformance/${name} was captured`);
      const text = readFileSync(file, 'utf8');
      for (const d of CAPTURED_DESIGNS) assert.strictEqual(sha256(runJson(`conformance/${name}`, text, d)), g.hashes![d], `${name} under ${d}`);
    }
  });
});
