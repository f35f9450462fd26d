import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AnalysedProgram, executeJob, forgetDocument, knowsDocument, runAgain, WorkerMessage } from '../../server/src/lsp/jobs';
import { resolveWorker, SimulationHost } from '../../server/src/lsp/simHost';
import { longWarmUpJob, REWARM_QUIET_MS, REWARM_RUNS, Rewarm, WARM_UP_LONG_URI, WARM_UP_URI, WARM_UP_EDITS, WARM_UP_LONG_EDITS, WARM_UP_LONG_LINES, warmUp, WarmUpJobs, warmUpScenario, warmUpText } from '../../server/src/lsp/warmUp';
import { LARGE_FILE_LINES } from '../../server/src/lsp/runs';

describe("the background worker's JIT warm-up (lsp/warmUp.ts)", function () {
  this.timeout(60000);

  it('runs the short scenario and its edits, then the long one and its edits, one per turn, forgetting each', () => {
    const texts: string[] = [];
    const long: boolean[] = [];
    const turns: (() => void)[] = [];
    const forgotAfter: [number, boolean][] = [];
    warmUp((t, l) => (texts.push(t), long.push(l)), (l) => forgotAfter.push([texts.length, l]), (fn) => turns.push(fn));
    assert.strictEqual(texts.length, 0, 'nothing runs before the first idle turn');
    while (turns.length) {
      const before = texts.length;
      turns.shift()!();
      assert.ok(texts.length - before <= 1, 'one job per turn');
    }
    assert.strictEqual(texts.length, WARM_UP_EDITS + 1 + WARM_UP_LONG_EDITS + 1);
    assert.deepStrictEqual(forgotAfter, [[WARM_UP_EDITS + 1, false], [texts.length, true]], 'the document is forgotten after each scenario: the long one is opened as a new one');
    assert.deepStrictEqual(long, [...Array(WARM_UP_EDITS + 1).fill(false), ...Array(WARM_UP_LONG_EDITS + 1).fill(true)]);
    const base = warmUpScenario();
    assert.strictEqual(texts[0], base);
    for (let k = 0; k < WARM_UP_EDITS; k++) assert.strictEqual(texts[k + 1], warmUpText(base, k));
    const edited = texts.slice(0, WARM_UP_EDITS + 1).filter((t) => t !== base);
    assert.strictEqual(edited.length, WARM_UP_EDITS / 2, 'every other text has a statement edited');
    assert.ok(new Set(edited).size > 5, 'the edits move through the scenario');
    const longBase = warmUpScenario(WARM_UP_LONG_LINES);
    assert.strictEqual(texts[WARM_UP_EDITS + 1], longBase);
    for (let k = 0; k < WARM_UP_LONG_EDITS; k++) assert.strictEqual(texts[WARM_UP_EDITS + 2 + k], warmUpText(longBase, k));
    assert.ok(longBase.split('\n').length > LARGE_FILE_LINES, 'the long scenario is run as the editor runs a long document');
  });

  it('the long scenario runs with no error, and a warm-up run stops when a job waits', () => {
    const text = warmUpText(warmUpScenario(WARM_UP_LONG_LINES), 2);
    const job = { id: 1, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 30_000, trace: false, maxStepRecords: 0 } as const;
    let out: WorkerMessage | undefined;
    executeJob({ ...job, designs: [null] }, (m) => (out = m));
    assert.ok(out && out.type === 'done');
    const whole = out.runs[0];
    assert.deepStrictEqual([...out.staticDiagnostics, ...whole.diagnostics].filter((d) => d.severity === 'error'), []);
    assert.ok(whole.executed > 1500 && !whole.cut, `${whole.executed} statements`);
    assert.ok(whole.expectations.length > 400 && whole.expectations.every((e) => e.passed));
    let polls = 0;
    // the run polls between statements (every few hundred): stopped at the third poll
    executeJob({ ...job, designs: [null] }, (m) => (out = m), () => ++polls > 2);
    assert.ok(out && out.type === 'done');
    assert.strictEqual(out.runs[0].cut?.reason, 'cancelled');
    assert.ok(out.runs[0].executed < whole.executed / 2, `stopped after ${out.runs[0].executed} statements`);
  });

  it('exercises the emulator: the scenario and its edits run with no error and their expectations pass', () => {
    const base = warmUpScenario();
    for (const text of [base, warmUpText(base, 0), warmUpText(base, 8)]) {
      let out: WorkerMessage | undefined;
      executeJob({ id: 1, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 30_000 }, (m) => (out = m));
      assert.ok(out && out.type === 'done');
      const run = out.runs[0];
      assert.deepStrictEqual([...out.staticDiagnostics, ...run.diagnostics].filter((d) => d.severity === 'error'), []);
      assert.ok(run.executed > 150, `${run.executed} statements`);
      assert.ok(run.expectations.length > 50 && run.expectations.every((e) => e.passed));
    }
  });

  it("packs its results as a document's, against an encoder of its own: the results the server's thread decodes are untouched", () => {
    const sample = fs.readFileSync(path.resolve(__dirname, '../../sample-workspaces/cram/05-backpressure.mmlab'), 'utf8');
    const uri = 'file:///test/warm-up-beside.mmlab';
    const doc = (text: string): Extract<WorkerMessage, { type: 'done' }> => {
      let out: WorkerMessage | undefined;
      executeJob({ id: 1, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 30_000, uri, early: true, packed: true }, (m) => (out = m));
      assert.ok(out?.type === 'done' && out.packed);
      return out;
    };
    const first = doc(sample);
    // the warm-up's long scenario and one of its edits, as the worker runs them
    const warm: Extract<WorkerMessage, { type: 'done' }>[] = [];
    const jobs = new WarmUpJobs(() => false, () => undefined, (m) => void (m.type === 'done' && warm.push(m)));
    const base = warmUpScenario(WARM_UP_LONG_LINES);
    for (const text of [base, warmUpText(base, 0)]) jobs.run(text, true);
    assert.ok(longWarmUpJob().early && longWarmUpJob().packed, 'sent as the editor sends a document');
    assert.strictEqual(warm.length, 2);
    const [w0, w1] = warm.map((m) => m.packed![0]);
    assert.strictEqual(w1.base, w0.id, "the edit's result is a change of the scenario's (the splices computed as after a document's edit)");
    assert.ok(Object.values(w1.splices ?? {}).some((sp) => sp.keep + sp.tail > 400), 'long lists kept');
    // the warm-up ends as the worker ends it: its document forgotten in its own store, the results
    // posted for it dropped from its own encoder
    jobs.forget(true);
    assert.ok(jobs.longProgram, 'the long program kept for the re-warm');
    assert.deepStrictEqual(jobs.documents.encoder.takeDropped().sort(), [w1.id]);
    // the document's next result is still a change of the last one the server's thread decoded, and
    // the server's thread is told to drop nothing (a warm-up result in the worker's encoder would be
    // named here when its document is forgotten: an id the server's thread never had)
    const next = doc(sample + ' ');
    assert.strictEqual(next.packed![0].base, first.packed![0].id);
    assert.deepStrictEqual(next.drop, []);
    forgetDocument(uri);
  });

  it('re-runs the long program after a short document is opened, one run per idle turn, never while a job waits', () => {
    const turns: (() => void)[] = [];
    const stops: (() => boolean)[] = [];
    let busy = false;
    let known = true;
    const busyFn = (): boolean => busy;
    const r = new Rewarm((stop) => void stops.push(stop), busyFn, () => known, (fn) => turns.push(fn));
    r.opened({ trace: false });
    assert.strictEqual(turns.length, 0, 'a long document opened (the editor runs it without trace) warms the long path itself');
    r.opened({});
    r.opened({ trace: true });
    assert.strictEqual(turns.length, 1, 'one turn scheduled at a time');
    assert.strictEqual(stops.length, 0, 'nothing before an idle turn');
    const drain = (): void => {
      while (turns.length) {
        const before = stops.length;
        turns.shift()!();
        assert.ok(stops.length - before <= 1, 'one run per turn');
      }
    };
    drain();
    assert.strictEqual(stops.length, REWARM_RUNS, 'two documents opened before an idle turn: one re-warm');
    assert.ok(stops.every((s) => s === busyFn), 'each run stops when a job waits');
    assert.strictEqual(r.done, REWARM_RUNS);
    // a job waits: the turn passes, the run comes after it
    r.opened({});
    busy = true;
    turns.shift()!();
    assert.strictEqual(stops.length, REWARM_RUNS, 'nothing while a job waits');
    assert.strictEqual(turns.length, 1, 'tried again at the next idle turn');
    busy = false;
    drain();
    assert.strictEqual(stops.length, 2 * REWARM_RUNS);
    // the long document is gone (not warmed yet, or pushed out): no open, whose static analysis cannot stop
    known = false;
    r.opened({});
    drain();
    assert.strictEqual(stops.length, 2 * REWARM_RUNS);
  });

  it('re-warms only once no job came for REWARM_QUIET_MS (not while jobs come closer together than that)', () => {
    let t = 1000;
    const timers: { fn: () => void; at: number }[] = [];
    let runs = 0;
    const r = new Rewarm(() => void runs++, () => false, () => true, (fn, ms) => void timers.push({ fn, at: t + ms }), () => t);
    const advance = (ms: number): void => {
      t += ms;
      for (let due = timers.findIndex((x) => x.at <= t); due >= 0; due = timers.findIndex((x) => x.at <= t)) timers.splice(due, 1)[0].fn();
    };
    r.jobDone();
    r.opened({});
    advance(REWARM_QUIET_MS - 1);
    assert.strictEqual(runs, 0, 'not before the quiet time');
    // a job just before the quiet time ends: it starts again
    r.jobDone();
    advance(1);
    assert.strictEqual(runs, 0, 'a job came lately');
    advance(REWARM_QUIET_MS - 2);
    assert.strictEqual(runs, 0);
    advance(1);
    assert.strictEqual(runs, REWARM_RUNS, 'quiet: the runs, one after the other');
    advance(10 * REWARM_QUIET_MS);
    assert.strictEqual(runs, REWARM_RUNS, 'nothing more');
  });

  it("the long scenario's program, kept after the warm-up as the worker keeps it, runs again whole", () => {
    const turns: (() => void)[] = [];
    // as lsp/worker.ts runs them
    const jobs = new WarmUpJobs(() => false, () => undefined);
    warmUp(jobs.run, jobs.forget, (fn) => turns.push(fn), 2);
    while (turns.length) turns.shift()!();
    assert.ok(!jobs.documents.program(WARM_UP_URI) && !jobs.documents.program(WARM_UP_LONG_URI), 'both documents forgotten');
    assert.ok(!knowsDocument(WARM_UP_URI) && !knowsDocument(WARM_UP_LONG_URI), 'neither ever in the worker\'s store');
    const kept: AnalysedProgram | undefined = jobs.longProgram;
    assert.ok(kept, 'the long one\'s program kept');
    assert.ok(kept.program.items.length > 200, `${kept.program.items.length} items`);
    let polls = 0;
    runAgain(longWarmUpJob(), kept, () => (polls++, false));
    // the run polls every 32 statements: the whole program ran (over 2,000 statements)
    assert.ok(polls > 5, `${polls} polls`);
    let stopped = 0;
    runAgain(longWarmUpJob(), kept, () => ++stopped > 2);
    assert.strictEqual(stopped, 3, 'it stops at the poll that says so');
  });

  it('a warming worker still answers jobs', async () => {
    const host = new SimulationHost({ worker: resolveWorker(path.join(__dirname, '../../server/src/lsp')), warmUp: true });
    try {
      const basic = fs.readFileSync(path.join(__dirname, '../protocol/fixtures/basic.mmlab'), 'utf8');
      for (let i = 0; i < 3; i++) {
        const out = await host.submit({ text: basic + ' '.repeat(i), designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 5000, uri: 'file:///w.mmlab' }).promise;
        assert.strictEqual(out.status, 'done');
      }
    } finally {
      host.dispose();
    }
  });
});
