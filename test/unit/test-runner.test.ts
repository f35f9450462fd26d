/**
 * scripts/test.mjs itself (`npm test`): a folder whose file throws while loading fails under its
 * own name, a folder whose process stays alive after its tests is killed and fails under its own
 * name, and a suite that needs the outside conformance scenarios, run without them, is skipped
 * with one line that names it and says why. Runs the runner on test/fixtures/runner.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

describe('scripts/test.mjs', () => {
  let r: { status: number | null; stdout: string; stderr: string };
  let lines: string[];
  before(() => {
    r = spawnSync(process.execPath, ['scripts/test.mjs', '--no-typecheck', '--no-build'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MMLAB_NO_INSTALL: '1', MMLAB_TEST_ROOT: 'test/fixtures/runner', MMLAB_TEST_LINGER_MS: '5000', MMLAB_CONFORMANCE_DIR: path.join(ROOT, 'no-such-folder') },
    });
    lines = r.stdout.split('\n');
  });

  it('exits 1 and names the folder that crashed while loading', () => {
    assert.strictEqual(r.status, 1, r.stdout + r.stderr);
    assert.ok(lines.includes('== crashed while loading or running: test/fixtures/runner/broken'), r.stdout);
    assert.ok(r.stdout.includes('this test file cannot load'), 'the load error itself is shown');
  });

  it('kills a folder that stays alive after its tests finished, and fails it by name', () => {
    assert.ok(lines.includes('== killed: test/fixtures/runner/lingering (did not exit 5 s after its tests finished (a timer or handle kept the process alive))'), r.stdout);
    assert.ok(lines.includes('== test/fixtures/runner/lingering KILLED: did not exit 5 s after its tests finished (a timer or handle kept the process alive)'), r.stdout);
  });

  it('still counts the tests of the folders that loaded', () => {
    // good 1 + outside 1 + lingering 1 passed; broken (crashed) and lingering (killed) failed
    assert.strictEqual(lines[lines.length - 2], '3 passed, 2 failed');
  });

  it('prints one summary line naming the suite skipped without the outside scenarios, and why', () => {
    const skipped = lines.filter((l) => l.startsWith('== skipped'));
    assert.strictEqual(skipped.length, 1, r.stdout);
    assert.match(skipped[0], /test\/fixtures\/runner\/outside: "a suite that needs the outside scenarios" — .*no-such-folder not found beside the checkout/);
    assert.ok(!skipped[0].includes('a suite that does not'));
  });
});
