import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { closeDocument, copiesPolicy, DocumentStore, executeJob, JobRequest, knowsDocument, WorkerMessage } from '../../server/src/lsp/jobs';
import { ResultDecoder } from '../../server/src/lsp/resultDelta';
import { longScenario } from '../run/editSequences';

/** the worker's job with a document URI (copies of the state, ADR 0011): the same runs as without */
function runs(req: Omit<JobRequest, 'id' | 'designs' | 'fallbackDesign' | 'maxSteps' | 'maxMs'>): string {
  let out: WorkerMessage | undefined;
  executeJob({ id: 1, designs: [null, 'stock'], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, ...req }, (m) => (out = m));
  assert.ok(out && out.type === 'done', JSON.stringify(out));
  return JSON.stringify(out.runs);
}

describe('simulation jobs with incremental runs (copies at the edit by default, MMLAB_INCREMENTAL=1 periodic ones too)', () => {
  const before = process.env.MMLAB_INCREMENTAL;
  after(() => {
    if (before === undefined) delete process.env.MMLAB_INCREMENTAL;
    else process.env.MMLAB_INCREMENTAL = before;
  });
  for (const setting of [undefined, '1']) {
    it(`a document edited line by line gets the runs of a job from scratch, under each design (MMLAB_INCREMENTAL ${setting ?? 'unset'})`, () => {
      if (setting === undefined) delete process.env.MMLAB_INCREMENTAL;
      else process.env.MMLAB_INCREMENTAL = setting;
      const text = readFileSync(path.resolve(__dirname, '../../sample-workspaces/cram/05-backpressure.mmlab'), 'utf8');
      const lines = text.split('\n');
      const uri = `file:///test/incremental-jobs-${setting ?? 'default'}.mmlab`;
      for (let i = lines.length - 1; i >= 0; i -= 3) {
        // a statement changed (a number), then the text again: the second resumes at the edit
        const edited = [...lines.slice(0, i), lines[i].replace(/\d+/, (d) => String(Number(d) + 1)), ...lines.slice(i + 1)].join('\n');
        assert.strictEqual(runs({ text: edited, uri }), runs({ text: edited }), `line ${i}`);
        assert.strictEqual(runs({ text, uri }), runs({ text }), `line ${i}, undone`);
      }
    });
  }

  it('an undo and a redo (ADR 0039): an earlier text is answered with its analysis and its run, and the packed results rebuild a job\'s from scratch', () => {
    const base = longScenario(40);
    const at = (t: number) => base.indexOf('a = mmap(4M)', base.indexOf(`task t${t} `)) + 'a = mmap(4'.length;
    const typed = (t: number, d: string) => base.slice(0, at(t)) + d + base.slice(at(t));
    const store = new DocumentStore();
    const dec = new ResultDecoder();
    const uri = 'file:///test/undo.mmlab';
    const froms: string[] = [];
    const programs: unknown[] = [];
    const options = { designs: [null], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, trace: false, maxStepRecords: 0 } as const;
    for (const text of [base, typed(30, '2'), base, typed(30, '2'), typed(30, '7'), typed(30, '2'), typed(5, '1'), base]) {
      let done: WorkerMessage | undefined;
      let early: WorkerMessage | undefined;
      executeJob({ id: 1, text, uri, ...options, designs: [null], packed: true, early: true }, (m) => (m.type === 'done' ? (done = m) : m.type === 'diagnostics' ? (early = m) : undefined), undefined, store);
      assert.ok(done?.type === 'done' && done.packed && early?.type === 'diagnostics', JSON.stringify(done));
      let scratch: WorkerMessage | undefined;
      executeJob({ id: 2, text, ...options, designs: [null] }, (m) => void (m.type === 'done' && (scratch = m)));
      assert.ok(scratch?.type === 'done');
      const want = JSON.parse(JSON.stringify(scratch.runs[0]));
      const got = dec.decode(structuredClone(done.packed[0]));
      assert.strictEqual(JSON.stringify(got), JSON.stringify(want), `version ${froms.length}`);
      assert.strictEqual(JSON.stringify(early.runDiagnostics[0]), JSON.stringify(want.diagnostics));
      froms.push([...store.sessions.values()][0].last!.from);
      programs.push(store.program(uri)!.program);
    }
    // the undo, the redo, the second value typed over back to the first and the text four versions
    // back are answered again; a new text (another digit, another place) runs
    assert.deepStrictEqual(froms.map((f) => f === 'again'), [false, false, true, true, false, true, false, true]);
    assert.strictEqual(programs[2], programs[0], 'the undo: the analysis of the earlier text, the same program');
    assert.strictEqual(programs[3], programs[1], 'the redo');
    assert.strictEqual(programs[5], programs[3]);
    assert.strictEqual(programs[7], programs[0], 'four versions back');
  });

  it('a rehearsal\'s store (lsp/rehearsal.ts) analyses its undo again, where the document\'s own store takes the earlier analysis (ADR 0039)', () => {
    const base = longScenario(10);
    const edited = base.replace('a = mmap(4M)', 'a = mmap(40M)');
    const uri = 'file:///test/rehearsed.mmlab';
    const job = (text: string): JobRequest => ({ id: 1, text, uri, designs: [null], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000 });
    const store = new DocumentStore();
    const opened = store.analyse(job(base));
    const rehearsal = store.rehearsalOf(uri);
    rehearsal.analyse(job(edited));
    const undone = rehearsal.analyse(job(base));
    assert.notStrictEqual(undone, opened, 'the rehearsal analysed its undo');
    assert.strictEqual(JSON.stringify(undone.program), JSON.stringify(opened.program));
    store.analyse(job(edited));
    assert.strictEqual(store.analyse(job(base)), opened, 'the document\'s store took the earlier analysis');
  });

  it('the worker copies at the edit by default, not at all with MMLAB_INCREMENTAL=0, periodically too with 1', () => {
    assert.deepStrictEqual(copiesPolicy(undefined), { atEditOnly: true });
    assert.deepStrictEqual(copiesPolicy('0'), { copies: false });
    assert.deepStrictEqual(copiesPolicy('1'), {});
  });

  it('a closed document is forgotten at once: its analysis and runs go, and the results posted for it are named to be dropped', () => {
    const text = readFileSync(path.resolve(__dirname, '../../sample-workspaces/cram/05-backpressure.mmlab'), 'utf8');
    const uri = 'file:///test/closed.mmlab';
    const other = 'file:///test/still-open.mmlab';
    const ids: number[] = [];
    const post = (m: WorkerMessage): void => void (m.type === 'done' && m.packed && ids.push(...m.packed.map((p) => p.id)));
    executeJob({ id: 1, designs: [null, 'stock'], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, text, uri, packed: true }, post);
    const closedIds = ids.splice(0);
    executeJob({ id: 2, designs: [null], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, text, uri: other, packed: true }, post);
    assert.ok(knowsDocument(uri) && knowsDocument(other));
    const answer = closeDocument(uri);
    assert.ok(answer.type === 'forgotten');
    assert.deepStrictEqual([...answer.drop].sort(), [...closedIds].sort(), "both designs' last results, and nothing of the other document");
    assert.strictEqual(knowsDocument(uri), false);
    assert.strictEqual(knowsDocument(other), true);
    // opened again, it is a new document: its results are posted whole, not as a change of forgotten ones
    let again: WorkerMessage | undefined;
    executeJob({ id: 3, designs: [null], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, text, uri, packed: true }, (m) => (again = m));
    assert.ok(again?.type === 'done' && again.packed?.[0].base === undefined);
    closeDocument(other);
    closeDocument(uri);
  });
});
