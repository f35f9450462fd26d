import * as assert from 'assert';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { readFileSync } from 'fs';
import { executeJob, forgetDocument, JobRequest, knowsDocument, openedAnalysis, WorkerMessage } from '../../server/src/lsp/jobs';
import { ResultDecoder } from '../../server/src/lsp/resultDelta';
import { EditRehearsal, REHEARSAL_MAX_LINES, rehearsalEdit, REHEARSALS, Rehearsals } from '../../server/src/lsp/rehearsal';
import { prng } from '../../server/src/mm/machine';
import { randomEdit, sampleFiles } from '../run/editSequences';
import { warmUpScenario } from '../../server/src/lsp/warmUp';
import { placedShifts } from '../../server/src/run/plan';

const job = (text: string, uri?: string): JobRequest => ({ id: 1, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 30_000, trace: false, maxStepRecords: 0, ...(uri ? { uri } : {}) });

function results(j: JobRequest, decoder?: ResultDecoder): string {
  let out: WorkerMessage | undefined;
  executeJob(j, (m) => (out = m));
  assert.ok(out && out.type === 'done', JSON.stringify(out));
  const runs = out.packed && decoder ? out.packed.map((p) => decoder.decode(p)) : out.runs;
  return JSON.stringify({ runs, statics: out.staticDiagnostics });
}

/** every step of a rehearsal of `j`'s document, nothing stopping it */
function rehearse(j: JobRequest): EditRehearsal {
  const r = new EditRehearsal(j);
  for (let k = 0; k < REHEARSALS; k++) r.step(k, () => false);
  return r;
}

describe("the background worker's rehearsal of a document's first edit (lsp/rehearsal.ts)", function () {
  this.timeout(120000);

  it('rehearses an opened document step by step, one per idle turn, and stops for a job or a long document', () => {
    const turns: (() => void)[] = [];
    const seen: string[] = [];
    let busy = false;
    let after = 0;
    const steps: number[] = [];
    const r = new Rehearsals(() => busy, (fn) => turns.push(fn), () => after++, (j) => ({ step: (k) => void (seen.push(j.text), steps.push(k)) }));
    r.opened(job('a'));
    assert.deepStrictEqual(seen, [], 'not before an idle turn');
    while (turns.length) turns.shift()!();
    assert.deepStrictEqual(seen, Array(REHEARSALS).fill('a'));
    assert.deepStrictEqual(steps, [...Array(REHEARSALS).keys()], 'each step once, in order');
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

  it("leaves the document's next results, packed as changes of its last, those of a job from scratch (samples and random edits)", () => {
    const files = sampleFiles();
    const r = prng(0x4e4e4e);
    let rehearsedEdits = 0;
    for (let k = 0; k < 24; k++) {
      const uri = `file:///rehearsal/${k}.mmlab`;
      let text = k === 0 ? warmUpScenario() : readFileSync(files[(k * 7) % files.length], 'utf8');
      // as the editor sends a document's jobs: each result a change of the last, read by one decoder
      const decoder = new ResultDecoder();
      const packed = (t: string): JobRequest => ({ ...job(t, uri), packed: true, early: true });
      results(packed(text), decoder);
      assert.ok(knowsDocument(uri));
      const rehearsal = rehearse(job(text, uri));
      if (rehearsalEdit(text, analyzeStatic(text).program) !== undefined) {
        // the rehearsal did the edit's path: a run that copied the state at the edit, then its undo resumed from that copy
        const [edit, undo] = rehearsal.reports;
        assert.ok(edit && edit.copied && edit.copied.copies > 0, `sequence ${k}: the edit copied its state (${JSON.stringify(edit)})`);
        assert.strictEqual(undo?.from, 'snapshot', `sequence ${k}: the undo resumed (${JSON.stringify(undo)})`);
        rehearsedEdits++;
      }
      for (let e = 0; e < 3; e++) {
        text = randomEdit(text, r);
        assert.strictEqual(results(packed(text), decoder), results(job(text)), `sequence ${k}, edit ${e}`);
      }
      forgetDocument(uri);
    }
    assert.ok(rehearsedEdits >= 16, `${rehearsedEdits} of 24 documents had a size to edit`);
  });

  it("edits a size one character longer, as a keystroke does: the blocks after it are then placed one character on, where the document's first keystroke needs them", () => {
    for (const [size, longer] of [['4M', '10M'], ['64G', '100G'], ['999K', '1000K']]) {
      const t = `node 0 dram 4G cpus 0-1\ntask t {\n  a = mmap(${size})\n}\n`;
      assert.strictEqual(rehearsalEdit(t, analyzeStatic(t).program), t.replace(size, longer), `${size}: the smallest size one digit longer`);
    }
    const uri = 'file:///rehearsal/placed.mmlab';
    const text = warmUpScenario(600);
    const opened = job(text, uri);
    results(opened);
    const analysed = openedAnalysis(opened);
    assert.ok(analysed, "the worker's analysis of the opened document");
    const edited = rehearsalEdit(text, analysed.program)!;
    assert.strictEqual(edited.length, text.length + 1);
    const at = [...text].findIndex((ch, i) => ch !== edited[i]);
    const bodies = analysed.program.items.flatMap((it) => (it.span.start > at && 'body' in it && it.body.length > 0 ? [it.body] : []));
    assert.ok(bodies.length > 5, `${bodies.length} blocks after the edit`);
    for (const b of bodies) assert.deepStrictEqual(placedShifts(b), [0], 'placed where the open ran them');
    rehearse(opened);
    // the edit placed them one character on, its undo back: a body keeps both
    for (const b of bodies) assert.deepStrictEqual(placedShifts(b), [0, 1]);
    forgetDocument(uri);
  });

  it('stops between statements when a job comes', () => {
    const uri = 'file:///rehearsal/stop.mmlab';
    // long enough for the run to poll many times (every 32 statements)
    const text = warmUpScenario(3000);
    results(job(text, uri));
    const whole = new EditRehearsal(job(text, uri));
    for (let k = 0; k < REHEARSALS; k++) {
      let full = 0;
      whole.step(k, () => (full++, false));
      assert.ok(full > 5, `step ${k}: a whole step polls ${full} times`);
    }
    const stopped = new EditRehearsal(job(text, uri));
    for (let k = 0; k < REHEARSALS; k++) {
      let polls = 0;
      stopped.step(k, () => ++polls > 2);
      assert.strictEqual(polls, 3, `step ${k}: it stops at the poll that says so`);
    }
    let none = 0;
    new EditRehearsal(job(text, uri)).step(0, () => (none++, true));
    assert.strictEqual(none, 1, 'a job already waiting: no run');
    forgetDocument(uri);
  });
});
