import * as assert from 'assert';
import { IdleFills, idleFillOn } from '../../server/src/lsp/idleFill';
import { executeJob, fillCopies, JobRequest, WorkerMessage } from '../../server/src/lsp/jobs';
import { longScenario } from '../run/editSequences';

const job = (id: number, text: string, extra: Partial<JobRequest> = {}): JobRequest => ({ id, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 60_000, uri: 'file:///idle-fill.mmlab', early: true, ...extra });

/**
 * The worker's idle pass (ADR 0040, lsp/idleFill.ts): after a background run, once idle, copies of
 * the document's state spread over it; never while a job waits, dropped when one comes.
 */
describe("the worker's idle pass that spreads copies over a document (lsp/idleFill.ts)", () => {
  it('runs once per background job on an idle turn of its own, never while a job waits, and only for background runs of a document', () => {
    const turns: (() => void)[] = [];
    const filled: number[] = [];
    let busy = false;
    let after = 0;
    const f = new IdleFills(() => busy, (fn) => turns.push(fn), () => after++, (j) => (filled.push(j.id), 3), true);
    f.after(job(1, 'a'));
    assert.deepStrictEqual(filled, [], 'not before an idle turn');
    f.after(job(2, 'b'));
    while (turns.length) turns.shift()!();
    assert.deepStrictEqual(filled, [2], 'the last job only, once');
    assert.strictEqual(after, 1, 'the young generation is collected after it');
    assert.deepStrictEqual([f.passes, f.copies], [1, 3]);
    f.after(job(3, 'c'));
    busy = true;
    while (turns.length) turns.shift()!();
    assert.deepStrictEqual(filled, [2], 'a job waits: nothing');
    busy = false;
    f.after(job(4, 'd'));
    f.jobCame();
    while (turns.length) turns.shift()!();
    assert.deepStrictEqual(filled, [2], 'a job that came drops what was pending');
    f.after(job(5, 'e', { early: undefined }));
    f.after(job(6, 'f', { uri: undefined }));
    assert.strictEqual(turns.length, 0, 'a request (no early diagnostics) or a text of no document is not filled');
    const off = new IdleFills(() => false, (fn) => turns.push(fn), undefined, () => 1, false);
    off.after(job(7, 'g'));
    assert.strictEqual(turns.length, 0, 'off: nothing scheduled');
    // on only with MMLAB_IDLE_FILL=1 (ADR 0040)
    assert.deepStrictEqual([idleFillOn('0'), idleFillOn(undefined), idleFillOn('1')], [false, false, true]);
  });

  it("fills the sessions of the job's document, stops when a job waits, and the next job's answers are a run from scratch's", () => {
    const text = longScenario(300);
    const uri = 'file:///idle-fill-real.mmlab';
    const post: WorkerMessage[] = [];
    const long = { uri, trace: false, maxStepRecords: 0 };
    executeJob(job(1, text, long), (m) => post.push(m));
    let asked = 0;
    // (asked every 32 statements: stopped at the second ask, before the first stretch's end)
    assert.strictEqual(fillCopies(job(1, text, long), () => ++asked > 2), 0, 'stopped within the first stretch: no copy yet');
    const copies = fillCopies(job(1, text, long), () => false);
    assert.ok(copies >= 8, `${copies} copies`);
    // an edit far down the document: the answers are those of a fresh document's (no session)
    const edited = text.replace('task t250 cpu 10 {\n  a = mmap(4M)', 'task t250 cpu 10 {\n  a = mmap(42M)');
    assert.notStrictEqual(edited, text);
    const diagnostics = (j: JobRequest): string => {
      let d = '';
      executeJob(j, (m) => {
        if (m.type === 'diagnostics') d = JSON.stringify(m.runDiagnostics);
        if (m.type === 'failed') assert.fail(m.error);
      });
      return d;
    };
    assert.strictEqual(diagnostics(job(2, edited, long)), diagnostics(job(3, edited, { ...long, uri: 'file:///idle-fill-fresh.mmlab' })));
    assert.strictEqual(fillCopies(job(4, text, { uri: 'file:///never-opened.mmlab' }), () => false), 0, 'a document the worker has not analysed');
  });
});
