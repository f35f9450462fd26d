import * as assert from 'assert';
import * as path from 'path';
import { mmlabFiles, runScenarioFile } from './run_scenario';
import { describeOutside } from '../outside';

/**
 * Data-driven: every CRAM scenario (the §12 ideas under test/cram/scenarios, the sample workspace,
 * and the two outside conformance files, read in place) runs through parse -> lower -> simulate
 * under its own design; every `expect` line must hold, nothing may be cut by the budget, and the
 * front end must accept the text.
 */
const ROOT = path.resolve(__dirname, '../..');
const suites: [string, string][] = [
  ['§12 CRAM scenario ideas', path.join(__dirname, 'scenarios')],
  ['sample workspace', path.join(ROOT, 'sample-workspaces/cram')],
];

for (const [name, dir] of suites) {
  describe(`cram scenarios: ${name}`, function () {
    this.timeout(60_000);
    for (const file of mmlabFiles(dir)) {
      it(path.basename(file), () => {
        const run = runScenarioFile(file);
        const frontErrors = run.frontEnd.filter((d) => d.severity === 'error');
        assert.deepStrictEqual(frontErrors, [], 'the front end accepts the scenario');
        assert.strictEqual(run.result.cut, undefined, 'not cut by the budget');
        assert.ok(run.result.expectations.length > 0, 'the scenario checks something');
        assert.deepStrictEqual(run.failures, [], `${run.file}: every expect holds`);
      });
    }
  });
}

// the outside conformance scenarios, read where they live (../shared beside the checkout), never copied
describeOutside('cram scenarios: conformance 06 and 07 (read in place, private_v4)', (dir) => {
  for (const file of [path.join(dir, '06-cram-demotion.mmlab'), path.join(dir, '07-cram-backpressure.mmlab')]) {
    it(path.basename(file), function () {
      const run = runScenarioFile(file, 'private_v4');
      assert.deepStrictEqual(run.failures, [], `${run.file}: every expect holds under private_v4`);
      const checked = run.result.expectations.filter((e) => !e.skipped);
      assert.strictEqual(checked.length, run.result.expectations.length, 'every `under private_v4` expectation was checked');
    });
  }
});
