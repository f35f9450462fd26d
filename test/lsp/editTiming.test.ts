import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

describe("where an edit's wall time goes (MMLAB_EDIT_TIMING, lsp/editTiming.ts, scripts/edit-timing.mjs)", function () {
  this.timeout(60000);
  const dir = mkdtempSync(path.join(tmpdir(), 'mmlab-edit-timing-'));

  it('marks nothing without the switch, and one JSON line per mark with it', () => {
    const file = path.join(dir, 'marks.jsonl');
    const code = `const t = require(${JSON.stringify(path.join(root, 'server/src/lsp/editTiming.ts'))}); t.mark('kick', { version: 2 }); t.mark('posted', { id: 7 }); t.mark('static', { id: 7 }, true); console.log(t.editTimingOn);`;
    const run = (env: NodeJS.ProcessEnv): string => execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', code], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
    assert.strictEqual(run({ MMLAB_EDIT_TIMING: '' }), 'false');
    assert.strictEqual(run({ MMLAB_EDIT_TIMING: file }), 'true');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.event !== 'gc');
    assert.deepStrictEqual(lines.map((l) => [l.event, l.version ?? l.id]), [['kick', 2], ['posted', 7], ['static', 7]]);
    assert.ok(lines[0].t <= lines[1].t && lines[0].t > 1.6e12, 'milliseconds since the epoch, in order');
    // the thread's time on a core and waiting for one, where Linux has them (/proc/thread-self/schedstat)
    if (process.platform === 'linux') {
      assert.ok(lines.every((l) => typeof l.cpu === 'number' && typeof l.wait === 'number' && l.cpu > 0 && l.wait >= 0), JSON.stringify(lines));
      assert.ok(lines[0].cpu <= lines[1].cpu, 'CPU time only grows');
      // where asked (the marks around a run) the CPU of the process's other threads (V8's helpers) too, and only there
      assert.ok(typeof lines[2].others === 'number' && lines[2].others >= 0, JSON.stringify(lines[2]));
      assert.strictEqual(lines[0].others, undefined);
    }
  });

  it('reads the marks of both threads back into phases per edit', () => {
    const file = path.join(dir, 'phases.jsonl');
    const main = (t: number, event: string, f: object) => ({ t, thread: 0, event, ...f });
    const worker = (t: number, event: string, f: object) => ({ t, thread: 1, event, ...f });
    const ev = [
      main(1000, 'didChange', { version: 2 }),
      main(1001, 'kick', { version: 2 }),
      main(1002, 'posted', { id: 5 }),
      worker(1003, 'job', { id: 5 }),
      worker(1010, 'static', { id: 5, cpu: 100, wait: 50, others: 400 }),
      { t: 1012, thread: 1, event: 'gc', ms: 3, kind: 1 },
      // a major collection's incremental marking begun on the worker
      { t: 1020, thread: 1, event: 'gc', ms: 0, kind: 8 },
      worker(1030, 'ran', { id: 5, cpu: 112, wait: 58, others: 414 }),
      worker(1034, 'sent', { id: 5 }),
      main(1040, 'received', { id: 5, type: 'done' }),
      main(1041, 'published', { version: 2 }),
    ];
    writeFileSync(file, ev.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const out = execFileSync(process.execPath, [path.join(root, 'scripts/edit-timing.mjs'), file], { encoding: 'utf8' });
    const row = out.split('\n').find((l) => /^\s+2\s/.test(l));
    assert.ok(row, out);
    // total queue toWk static run post toMain apply gcW gcM runWait runOn others (the run's 20 ms: 8 waiting
    // for a core, 12 not; the other threads 14 ms of CPU meanwhile), then M: a major collection in the window
    const cells = row.trim().split(/\s+/);
    assert.deepStrictEqual(cells.slice(0, -1).map(Number), [2, 41, 2, 1, 7, 20, 4, 6, 1, 3, 0, 8, 12, 14]);
    assert.strictEqual(cells[cells.length - 1], 'M');
    // a minor collection alone is not a major one
    writeFileSync(file, ev.filter((e) => (e as { kind?: number }).kind !== 8).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const minorOnly = execFileSync(process.execPath, [path.join(root, 'scripts/edit-timing.mjs'), file], { encoding: 'utf8' });
    assert.deepStrictEqual(minorOnly.split('\n').find((l) => /^\s+2\s/.test(l))!.trim().split(/\s+/).map(Number), [2, 41, 2, 1, 7, 20, 4, 6, 1, 3, 0, 8, 12, 14]);
  });
});
