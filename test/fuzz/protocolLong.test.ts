/**
 * The long fuzz's protocol share (test/fuzz/protocolLong.ts) keeps working: one server plays a
 * round of sequences on fresh URIs, takes a malformed frame (the 10 MB header) and still answers,
 * with no server restart. `npm run fuzz -- --long` runs 10,000 of these; this runs 20.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

describe('fuzz: the long mode\'s protocol share', function () {
  this.timeout(180_000);

  it('20 sequences on one server, then a malformed frame: every one passes, the server is never restarted', () => {
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'protocolLong.ts'), '20261204', '0', '20'], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 170_000,
    });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('FAIL')), []);
    assert.equal(lines.filter((l) => l.startsWith('CASE')).length, 20);
    assert.ok(lines.includes('DONE 20'), r.stdout.slice(-500));
    const stats = JSON.parse(lines.find((l) => l.startsWith('STATS '))!.slice(6)) as { frames: number; restarts: number; serverMaxRssKb: number };
    assert.equal(stats.frames, 1);
    assert.equal(stats.restarts, 0);
    if (process.platform === 'linux') assert.ok(stats.serverMaxRssKb > 0, 'the server\'s peak RSS is read from /proc');
  });
});
