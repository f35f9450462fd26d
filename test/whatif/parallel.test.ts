/**
 * The built binary runs what-if jobs in worker threads: the answer is the same as in one thread.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { join, resolve } from 'path';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/cli.js');
const mmlab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 240000 });

describe('what-if: worker threads (built binary)', function () {
  this.timeout(300000);
  before(function () {
    if (!existsSync(cli)) {
      const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(b.status, 0, b.stderr);
    }
  });

  it('explore gives the same answer with 2 worker threads as in one thread, and no progress line when stderr is not a terminal', () => {
    const args = ['explore', 'sample-workspaces/isolation-debate/shrinker-info.mmlab', '--design', 'private_soft', '--line', '17'];
    const one = mmlab(...args, '--jobs', '1');
    const two = mmlab(...args, '--jobs', '2');
    assert.strictEqual(one.status, 0, one.stderr);
    assert.strictEqual(two.status, 0, two.stderr);
    assert.strictEqual(two.stdout, one.stdout);
    assert.match(two.stdout, /add __GFP_PRIVATE on kvzalloc_node \(line 17\)/);
    assert.strictEqual(two.stderr, '');
  });
});
