/**
 * The outside conformance scenarios (../shared/conformance): every expectation
 * passes under the file's own design, and every `expect ... under D` passes
 * when the file runs with design D.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { DESIGNS } from '../../server/src/model/ir';
import { failedExpectations, runText } from '../mm/helpers';
import { describeOutside, outsideFiles } from '../outside';

describeOutside('conformance scenarios pass (outside, ../shared/conformance)', (dir) => {
  const files = outsideFiles().map((f) => path.basename(f));
  it('finds the 12 scenarios', () => {
    assert.ok(files.length >= 12, `found ${files.length}`);
  });
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    it(`${f} passes under its own design`, () => {
      const r = runText(text);
      assert.ok(r.run.expectations.length > 0, 'has expectations');
      assert.deepStrictEqual(failedExpectations(r), []);
    });
    for (const d of DESIGNS) {
      if (!new RegExp(`under[^\\n]*\\b${d}\\b`).test(text)) continue;
      it(`${f}: every expect ... under ${d} holds when run with ${d}`, () => {
        const r = runText(text, d);
        const checked = r.run.expectations.filter((e) => !e.skipped && /\bunder\b/.test(e.text));
        assert.ok(checked.length > 0, 'some under-expectations were checked');
        const bad = checked.filter((e) => !e.passed).map((e) => `${e.text.trim()} — ${e.actual}`);
        assert.deepStrictEqual(bad, []);
      });
    }
  }
});
