import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { executeJob } from '../../server/src/lsp/jobs';
import { resolveWorker, SimulationHost } from '../../server/src/lsp/simHost';

const fixtures = path.join(__dirname, '../protocol/fixtures');
const basic = fs.readFileSync(path.join(fixtures, 'basic.mmlab'), 'utf8');
const job = (text: string, extra: Partial<{ maxMs: number; maxSteps: number }> = {}) => ({
  text,
  designs: [null, 'stock' as const],
  fallbackDesign: 'private_v4' as const,
  maxSteps: 1_000_000,
  maxMs: 5000,
  ...extra,
});

describe('simulation host (worker_threads)', function () {
  this.timeout(60000);
  const hooks = process.env.MMLAB_TEST_HOOKS;
  before(() => (process.env.MMLAB_TEST_HOOKS = '1'));
  after(() => {
    if (hooks === undefined) delete process.env.MMLAB_TEST_HOOKS;
    else process.env.MMLAB_TEST_HOOKS = hooks;
  });

  it('finds the TypeScript worker under tsx', () => {
    const spec = resolveWorker(path.join(__dirname, '../../server/src/lsp'));
    assert.ok(spec && spec.options.eval, 'eval bootstrap through tsx');
  });

  it('runs a job under the file design and the requested one', async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')) });
    try {
      const out = await host.submit(job(basic)).promise;
      assert.strictEqual(out.status, 'done');
      if (out.status !== 'done') return;
      assert.deepStrictEqual(out.runs.map((r) => r.design), ['private_v4', 'stock']);
      assert.ok(out.runs[0].steps.length > 0);
      assert.strictEqual(host.workerStarts, 1);
    } finally {
      host.dispose();
    }
  });

  it('tells its thread of work when a job is posted and when its outcome is taken (the idle shrink waits for the last, lsp/idleGc.ts)', async () => {
    let work = 0;
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')), onWork: () => work++ });
    try {
      const handle = host.submit(job(basic));
      assert.strictEqual(work, 1, 'posted');
      assert.strictEqual((await handle.promise).status, 'done');
      assert.strictEqual(work, 2, 'and its outcome taken');
    } finally {
      host.dispose();
    }
  });

  it("sends a job's diagnostics before its results when asked, the same as the results'", async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')) });
    try {
      const failing = fs.readFileSync(path.join(fixtures, 'failing.mmlab'), 'utf8');
      const early: { staticDiagnostics: unknown[]; runDiagnostics: unknown[][] }[] = [];
      let settled = false;
      let settledBefore: boolean | undefined;
      const handle = host.submit(job(failing), undefined, (d) => {
        settledBefore = settled;
        early.push(d);
      });
      void handle.promise.then(() => (settled = true));
      await handle.promise;
      assert.strictEqual(early.length, 1, 'the diagnostics came');
      assert.strictEqual(settledBefore, false, 'before the results');
      const out = await handle.promise;
      assert.strictEqual(out.status, 'done');
      if (out.status !== 'done') return;
      assert.deepStrictEqual(early[0], { staticDiagnostics: out.staticDiagnostics, runDiagnostics: out.runs.map((r) => r.diagnostics) });
      assert.ok(out.runs[0].diagnostics.length > 0 && out.staticDiagnostics.length > 0, 'both kinds are there');
      // not asked: results only
      const types = (early?: boolean): string[] => {
        const seen: string[] = [];
        executeJob({ ...job(failing), id: 1, ...(early ? { early } : {}) }, (m) => seen.push(m.type));
        return seen;
      };
      assert.deepStrictEqual(types(), ['done']);
      assert.deepStrictEqual(types(true), ['diagnostics', 'done']);
    } finally {
      host.dispose();
    }
  });

  it('cancels a queued job without running it, and a running one at once', async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')) });
    try {
      const runaway = fs.readFileSync(path.join(fixtures, 'runaway.mmlab'), 'utf8');
      const first = host.submit(job(runaway, { maxMs: 20000, maxSteps: 1e12 }));
      const second = host.submit(job(basic));
      second.cancel();
      assert.deepStrictEqual(await second.promise, { status: 'cancelled' });
      await new Promise((r) => setTimeout(r, 300));
      first.cancel();
      assert.deepStrictEqual(await first.promise, { status: 'cancelled' });
      // the worker noticed the flag and is free again: the next job completes
      const third = await host.submit(job(basic)).promise;
      assert.strictEqual(third.status, 'done');
    } finally {
      host.dispose();
    }
  });

  it('reports a crashed worker and starts a fresh one for the next job', async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')) });
    try {
      const crashed = await host.submit(job(`${basic}//!crash-worker\n`)).promise;
      assert.strictEqual(crashed.status, 'crashed');
      const ok = await host.submit(job(basic)).promise;
      assert.strictEqual(ok.status, 'done');
      assert.strictEqual(host.workerStarts, 2);
    } finally {
      host.dispose();
    }
  });

  it('terminates a job that overruns its budget (watchdog)', async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')), watchdogGraceMs: 300 });
    try {
      const hung = await host.submit(job(`${basic}//!hang-worker\n`, { maxMs: 100 })).promise;
      assert.strictEqual(hung.status, 'timeout');
      const ok = await host.submit(job(basic)).promise;
      assert.strictEqual(ok.status, 'done');
    } finally {
      host.dispose();
    }
  });

  it("drops a closed document's results on both threads, and a reopened document decodes whole", async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')) });
    try {
      const uri = 'file:///test/closed-in-worker.mmlab';
      const first = await host.submit({ ...job(basic), uri }).promise;
      assert.strictEqual(first.status, 'done');
      assert.strictEqual(host.keptResults, 2, 'one result per design, kept for the next to be a change of');
      host.forget(uri);
      // the worker answers once the port delivers the request (no timing asserted: waited for)
      for (let i = 0; i < 500 && host.keptResults > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.strictEqual(host.keptResults, 0, 'the worker named both results');
      // had the worker kept its bases, this job's results would be changes of results this thread dropped: 'failed'
      const again = await host.submit({ ...job(basic), uri }).promise;
      assert.strictEqual(again.status, 'done');
      if (again.status === 'done') assert.deepStrictEqual(again.runs.map((r) => r.design), ['private_v4', 'stock']);
    } finally {
      host.dispose();
    }
  });

  it('runs in process when no worker file exists', async () => {
    const host = new SimulationHost({});
    assert.ok(host.inProcess);
    const out = await host.submit(job(basic)).promise;
    assert.strictEqual(out.status, 'done');
    const failed = await host.submit(job(`${basic}//!throw-worker\n`)).promise;
    assert.strictEqual(failed.status, 'failed');
  });
});
