/**
 * The emulator (design stock) against the recorded answers of a real Linux kernel
 * (oracle/expected/<kernel>/*.json, recorded by `npm run oracle:record`). No QEMU here: this runs
 * on every CI. Every statement that agrees today must keep agreeing; the disagreements listed in
 * oracle/known-disagreements.json must still disagree in the same fields (when one is fixed the test
 * says so, and the entry is removed). A golden recorded for other scenario text fails the test.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compareScenario } from '../../server/src/oracle/compare';
import { repoRoot } from '../../server/src/oracle/env';
import { GOLDEN_KERNEL, goldenPath, readGolden, sha256 } from '../../server/src/oracle/golden';
import { emulate, prepare } from '../../server/src/oracle/index';
import { disagreementKey, knownPath, readKnown, verdictFields } from '../../server/src/oracle/known';

const root = repoRoot();
const dir = join(root, 'oracle', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.mmlab')).sort();
const known = readKnown(knownPath(root));

describe(`oracle: emulator (stock) vs Linux ${GOLDEN_KERNEL} goldens`, () => {
  it('has a suite of at least 60 scenarios, each with a golden', () => {
    assert.ok(files.length >= 60, `${files.length} scenarios`);
    const missing = files.filter((f) => !readGolden(goldenPath(root, f)));
    assert.deepEqual(missing, [], 'scenarios without a golden: run npm run oracle:record');
  });

  it('lists only known disagreements that belong to existing scenarios', () => {
    const stale = known.filter((k) => !files.includes(k.scenario));
    assert.deepEqual(stale, []);
  });

  for (const f of files) {
    it(f, () => {
      const file = join(dir, f);
      const golden = readGolden(goldenPath(root, f));
      assert.ok(golden, `no golden for ${f}: run npm run oracle:record`);
      assert.equal(golden.sourceSha256, sha256(readFileSync(file, 'utf8')), `the golden of ${f} was recorded for other text: re-record`);
      const p = prepare(file);
      const em = emulate(p);
      assert.equal(em.error, undefined, em.error);
      const verdicts = compareScenario(p.tr, golden.observations, em.observations);
      // every comparable statement was observed on the kernel
      for (const v of verdicts) if (v.verdict !== 'nc') assert.notEqual(v.kernel, 'no result', `L${v.line} ${v.text}: no kernel result in the golden`);
      const scenario = basename(f);
      const expected = new Set(known.filter((k) => k.scenario === scenario).map((k) => disagreementKey(k.scenario, k.line, k.fields)));
      const problems: string[] = [];
      for (const v of verdicts.filter((x) => x.verdict === 'differ')) {
        const key = disagreementKey(scenario, v.line, verdictFields(v));
        if (!expected.delete(key)) {
          const d = (v.diffs ?? []).map((x) => `${x.field}: kernel ${JSON.stringify(x.kernel)}, emulator ${JSON.stringify(x.emulator)}`).join('; ');
          problems.push(`L${v.line} ${v.text}: new disagreement with the kernel: ${d}`);
        }
      }
      for (const k of expected) problems.push(`${k}: now agrees with the kernel: remove it from oracle/known-disagreements.json (and DISAGREEMENTS.md)`);
      assert.deepEqual(problems, []);
    });
  }
});
