/**
 * The built binary runs what-if jobs in worker threads: the answer is the same as in one thread.
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
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

  /** run the built CLI, send it SIGINT `afterMs` after it starts; its exit status, signal and output */
  const interrupt = (args: string[], afterMs: number) =>
    new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => {
      const p = spawn(process.execPath, [cli, ...args], { cwd: root });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (b) => (stdout += b));
      p.stderr.on('data', (b) => (stderr += b));
      const t = setTimeout(() => p.kill('SIGINT'), afterMs);
      p.on('close', (status, signal) => {
        clearTimeout(t);
        done({ status, signal, stdout, stderr });
      });
    });

  for (const jobs of ['1', '2']) {
    it(`a Ctrl-C stops a sweep with --jobs ${jobs}: exit 130, says so, no partial table`, async () => {
      // every run long (20,000 statements), 129 values x 2 designs: minutes of work if not stopped
      const dir = mkdtempSync(join(tmpdir(), 'mmlab-sigint-'));
      const file = join(dir, 'slow-sweep.mmlab');
      writeFileSync(file, `${readFileSync(join(root, 'sample-workspaces/cram/11-media-sweep.mmlab'), 'utf8')}\ntask busy cpu 0 {\n  x = mmap(64M)\n  repeat 20000 {\n    x[4K] = 1\n  }\n}\n`);
      const args = ['sweep', file, '--set', 'media_size=1G..3G:16M', '--designs', 'private_v4,stock', '--jobs', jobs];
      // the signal must arrive after the CLI installed its handler (well under a second after start);
      // if a slow machine was not there yet, the default action killed it: try again later
      let r = await interrupt(args, 2000);
      for (let wait = 6000; r.signal === 'SIGINT' && wait <= 18000; wait *= 3) r = await interrupt(args, wait);
      assert.strictEqual(r.signal, null, `killed by ${r.signal} before the handler was installed, every time`);
      assert.strictEqual(r.status, 130, r.stderr);
      assert.match(r.stderr, /mmlab sweep: interrupted \(Ctrl-C\); no result/);
      assert.strictEqual(r.stdout, '');
    });
  }
});
