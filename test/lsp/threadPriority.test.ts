import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyHelperNice, HELPER_NICE, helperNice, lowerHelperThreads } from '../../server/src/lsp/threadPriority';

const root = path.resolve(__dirname, '../..');

describe("the server's helper threads at a lower priority (lsp/threadPriority.ts, ADR 0032)", function () {
  this.timeout(60000);

  it('reads MMLAB_HELPER_NICE: unset is HELPER_NICE, 0 turns it off, anything but 0-19 is refused', () => {
    assert.strictEqual(helperNice(undefined), HELPER_NICE);
    assert.strictEqual(helperNice(''), HELPER_NICE);
    assert.strictEqual(helperNice('0'), 0);
    assert.strictEqual(helperNice('7'), 7);
    for (const bad of ['-1', '20', '2.5', 'low']) assert.strictEqual(helperNice(bad), undefined, bad);
    // off, or refused: nothing is changed
    assert.strictEqual(lowerHelperThreads(0), undefined);
    assert.strictEqual(lowerHelperThreads(undefined), undefined);
    // a value that is not one is said, with what was set, and nothing is changed
    const said: string[] = [];
    assert.strictEqual(applyHelperNice('high', (l) => said.push(l)), undefined);
    assert.deepStrictEqual(said, ['mmlab: MMLAB_HELPER_NICE="high" is not a nice value 0-19; V8\'s helper threads are left at the server\'s priority']);
    assert.strictEqual(applyHelperNice('0', (l) => said.push(l)), undefined);
    assert.strictEqual(said.length, 1, 'off is not a mistake');
  });

  // in a process of its own: the threads of the test run keep their priority
  (process.platform === 'linux' ? it : it.skip)(
    'on Linux: every other thread the process has is lowered, the calling thread is not, and a worker made after it runs at the caller\'s priority',
    () => {
      const code = `
        const os = require('os');
        const { Worker } = require('worker_threads');
        const p = require(${JSON.stringify(path.join(root, 'server/src/lsp/threadPriority.ts'))});
        const self = require(${JSON.stringify(path.join(root, 'server/src/lsp/osThreads.ts'))}).osThreadId();
        const r = p.lowerHelperThreads(p.helperNice("15"));
        // the threads there now (one that ended since, a loader's short-lived one, is left out)
        const othersNice = [];
        for (const t of require('fs').readdirSync('/proc/self/task').map(Number)) {
          if (t === self) continue;
          try { othersNice.push(os.getPriority(t)); } catch {}
        }
        // the worker stays (an interval) until its priority is read: one that ended first was not found (ESRCH) on a loaded machine
        const w = new Worker("require('worker_threads').parentPort.postMessage(Number(require('fs').readlinkSync('/proc/thread-self').split('/').pop())); setInterval(() => {}, 1000)", { eval: true });
        w.once('message', (tid) => {
          console.log(JSON.stringify({ self, selfNice: os.getPriority(self), r, othersNice, workerNice: os.getPriority(tid) }));
          w.terminate();
        });`;
      const run = (niceness: number): Record<string, any> => JSON.parse(execFileSync('nice', ['-n', String(niceness), process.execPath, '--require', require.resolve('tsx/cjs'), '-e', code], { encoding: 'utf8' }).trim());
      // (`nice -n` adds to the test run's own value)
      const base = os.getPriority();
      assert.ok(base < 15, `the test run's own nice value (${base}) leaves room below 15`);
      const out = run(0);
      assert.strictEqual(out.selfNice, base, JSON.stringify(out));
      // V8's platform threads at least (four on Node 20), none of them the caller
      assert.ok(out.r.lowered.length >= 2 && !out.r.lowered.includes(out.self), JSON.stringify(out));
      // none refused: a thread that ended between the listing and the change is the only failure allowed
      assert.ok(out.r.failed.every((f: { why: string }) => /ESRCH/.test(f.why)), JSON.stringify(out.r.failed));
      assert.ok(out.othersNice.length >= 2, JSON.stringify(out));
      assert.ok(out.othersNice.every((n: number) => n === 15), JSON.stringify(out));
      assert.strictEqual(out.workerNice, base, 'a worker made by the main thread afterwards takes its priority');
      // a server started nicer than that is left as it is: priorities are only lowered
      const nicer = run(19);
      assert.strictEqual(nicer.selfNice, 19, JSON.stringify(nicer));
      assert.deepStrictEqual(nicer.r, { lowered: [], failed: [] });
      assert.ok(nicer.othersNice.every((n: number) => n === 19), JSON.stringify(nicer));
    },
  );

  it('both server entry points lower the helpers before they start the server', () => {
    for (const entry of ['server/src/lsp/main.ts', 'server/src/cli/commands/lsp.ts']) {
      const text = readFileSync(path.join(root, entry), 'utf8');
      const lower = text.indexOf('applyHelperNice(');
      assert.ok(lower > 0 && lower < text.indexOf('startServer('), entry);
    }
  });
});
