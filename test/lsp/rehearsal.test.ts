import * as assert from 'assert';
import { readFileSync } from 'fs';
import { executeJob, forgetDocument, JobRequest, knowsDocument, rehearseEdit, WorkerMessage } from '../../server/src/lsp/jobs';
import { REHEARSAL_MAX_LINES, REHEARSALS, Rehearsals } from '../../server/src/lsp/rehearsal';
import { prng } from '../../server/src/mm/machine';
import { randomEdit, sampleFiles } from '../run/editSequences';
import { warmUpScenario } from '../../server/src/lsp/warmUp';

const job = (text: string, uri?: string): JobRequest => ({ id: 1, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 30_000, trace: false, maxStepRecords: 0, ...(uri ? { uri } : {}) });

function results(j: JobRequest): string {
  let out: WorkerMessage | undefined;
  executeJob(j, (m) => (out = m));
  assert.ok(out && out.type === 'done', JSON.stringify(out));
  return JSON.stringify({ runs: out.runs, statics: out.staticDiagnostics });
}

describe("the background worker's rehearsal of a document's first edit (lsp/rehearsal.ts)", function () {
  this.timeout(120000);

  it('rehearses an opened document twice, one per idle turn, and stops for a job or a long document', () => {
    const turns: (() => void)[] = [];
    const seen: string[] = [];
    let busy = false;
    let after = 0;
    const runOnly: boolean[] = [];
    const r = new Rehearsals((j, _stop, only) => (seen.push(j.text), runOnly.push(only)), () => busy, (fn) => turns.push(fn), () => after++);
    r.opened(job('a'));
    assert.deepStrictEqual(seen, [], 'not before an idle turn');
    while (turns.length) turns.shift()!();
    assert.deepStrictEqual(seen, Array(REHEARSALS).fill('a'));
    assert.deepStrictEqual(runOnly, [true, ...Array(REHEARSALS - 1).fill(false)], 'the program run again first, then an edit');
    assert.strictEqual(after, REHEARSALS, 'the young generation is collected after each');
    // a job waits: nothing more
    r.opened(job('b'));
    busy = true;
    while (turns.length) turns.shift()!();
    assert.strictEqual(seen.length, REHEARSALS);
    busy = false;
    r.opened(job('c'));
    r.jobCame();
    while (turns.length) turns.shift()!();
    assert.strictEqual(seen.length, REHEARSALS, 'a job that came drops what was pending');
    r.opened(job('x\n'.repeat(REHEARSAL_MAX_LINES + 1)));
    assert.strictEqual(turns.length, 0, 'a document too long for it is not rehearsed');
    assert.strictEqual(r.done, REHEARSALS);
  });

  it("leaves the document's next results those of a job from scratch (samples and random edits)", () => {
    const files = sampleFiles();
    const r = prng(0x4e4e4e);
    for (let k = 0; k < 24; k++) {
      const uri = `file:///rehearsal/${k}.mmlab`;
      let text = k === 0 ? warmUpScenario() : readFileSync(files[(k * 7) % files.length], 'utf8');
      results(job(text, uri));
      assert.ok(knowsDocument(uri));
      rehearseEdit(job(text, uri), () => false, true);
      rehearseEdit(job(text, uri), () => false);
      for (let e = 0; e < 3; e++) {
        text = randomEdit(text, r);
        assert.strictEqual(results(job(text, uri)), results(job(text)), `sequence ${k}, edit ${e}`);
      }
      forgetDocument(uri);
    }
  });

  it('stops between statements when a job comes', () => {
    const uri = 'file:///rehearsal/stop.mmlab';
    // long enough for the run to poll many times (every 32 statements)
    const text = warmUpScenario(3000);
    results(job(text, uri));
    let full = 0;
    rehearseEdit(job(text, uri), () => (full++, false));
    assert.ok(full > 5, `a whole rehearsal polls ${full} times`);
    let polls = 0;
    rehearseEdit(job(text, uri), () => ++polls > 2);
    assert.strictEqual(polls, 3, 'it stops at the poll that says so');
    let none = 0;
    rehearseEdit(job(text, uri), () => (none++, true));
    assert.strictEqual(none, 1, 'a job already waiting: no run');
    let again = 0;
    rehearseEdit(job(text, uri), () => ++again > 2, true);
    assert.strictEqual(again, 3, 'the program run again stops the same way');
    forgetDocument(uri);
  });
});
