import * as assert from 'assert';
import { IncrementalRun } from '../../server/src/run/incremental';
import { mismatchMessage, runSequence, runText, sampleFiles, sequenceSpec, triviaEdit } from './editSequences';
import { largeScenario } from '../../bench/scenarios';

/**
 * Reuse of the previous run after an edit that changed no statement (ADR 0013): the result is the
 * previous one with its positions moved. Seeded sequences of edits that mostly leave every
 * statement as it was (spaces, blank lines, comments, indentation) and sometimes do not (a line
 * split or joined); every step compares all the editor's answers with a run from scratch.
 */
const SEQUENCES = Number(process.env.MMLAB_SHIFT_SEQUENCES ?? 150);
const EDITS = 5;

describe('incremental runs: an edit that changes no statement reuses the last result, positions moved', () => {
  const samples = sampleFiles();
  let steps = 0;
  let shifted = 0;
  for (const copies of [false, true]) {
    it(`${SEQUENCES} sequences of ${EDITS} edits over the ${samples.length} samples, ${copies ? 'with' : 'without'} copies of the state`, () => {
      for (let k = 0; k < SEQUENCES; k++) {
        const spec = sequenceSpec(k, samples, EDITS);
        spec.incremental = { ...spec.incremental, copies };
        const o = runSequence(spec, triviaEdit);
        steps += o.steps;
        shifted += o.shifted;
        if (o.mismatch) assert.fail(mismatchMessage(`sequence ${k} (${spec.sample})`, o.mismatch));
      }
    });
  }
  it('most edits reused the result (the comparison is not vacuous)', function () {
    if (SEQUENCES < 50) this.skip();
    const edits = steps - 2 * SEQUENCES;
    assert.ok(shifted >= 0.4 * edits, `${shifted} of ${edits} edits reused the last result`);
  });

  it('a result naming an object after a statement the edit moved (`fn@OFFSET`) is not reused', () => {
    const run = (inc: IncrementalRun, text: string) => JSON.stringify(runText(inc, text));
    const text = 'node 0 dram 4G cpus 0-3\n// a comment\nkernel "k" {\n  alloc_pages_node(0, GFP_KERNEL, 0, count=4)\n}\n';
    const inc = new IncrementalRun();
    const before = run(inc, text);
    assert.ok(before.includes('alloc_pages_node@'), 'the unnamed allocation is named after its offset');
    const edited = text.replace('// a comment', '// a longer comment');
    assert.strictEqual(run(inc, edited), run(new IncrementalRun(), edited));
    assert.notStrictEqual(inc.last?.from, 'shifted');
    // an edit after the statement moves no offset in a name: the result is reused
    run(inc, `${edited}// after\n`);
    assert.strictEqual(inc.last?.from, 'shifted');
  });

  it('a reused result shares with the last one what no moved position is in, and copies an object shared inside it once', () => {
    const text = largeScenario(120);
    const run = runText;
    /** objects reached (each once) and references to them, the step records' included */
    const census = (v: unknown, seen = new Set<object>()): { objects: number; refs: number } => {
      const out = { objects: 0, refs: 0 };
      const walk = (x: unknown): void => {
        if (typeof x !== 'object' || x === null) return;
        out.refs++;
        if (seen.has(x)) return;
        seen.add(x);
        out.objects++;
        for (const k in x) walk((x as Record<string, unknown>)[k]);
      };
      walk(v);
      return out;
    };
    const inc = new IncrementalRun();
    const a = run(inc, text);
    const mid = text.indexOf('\n', text.length >> 1) + 1;
    const edited = `${text.slice(0, mid)}\n${text.slice(mid)}`;
    const b = run(inc, edited);
    assert.strictEqual(inc.last?.from, 'shifted');
    assert.strictEqual(JSON.stringify(b), JSON.stringify(run(undefined, edited)));
    const before = a.expectations.filter((e) => e.span.end < mid).length;
    assert.ok(before > 5 && before < a.expectations.length - 5, `${before} of ${a.expectations.length} expectations before the edit`);
    for (let i = 0; i < a.expectations.length; i++) {
      if (i < before) assert.strictEqual(b.expectations[i], a.expectations[i], `expectation ${i} (before the edit) is the last one's`);
      else assert.notStrictEqual(b.expectations[i], a.expectations[i], `expectation ${i} (after the edit) is a copy`);
    }
    // the same sharing inside: as many objects for as many references (a copy per path would add objects)
    const ca = census(a);
    const cb = census(b);
    assert.ok(ca.refs > ca.objects, 'the result shares no object: the check is vacuous');
    assert.deepStrictEqual(cb, ca);
  });

  it('a line break typed where one statement ends and the next begins (`}|expect`): the spans that begin there move, those that end there stay', () => {
    // Found by a random campaign (2026-12-06): the offset between the two was moved as one, the
    // expectation's span kept its old start, one character short of a run's.
    const text = 'node 0 dram 4G cpus 0-3\ntask t {\n  a = mmap(4M)\n  touch(a)\n}}expect pages(a, 0) > 0\n';
    for (const typed of ['\n', ' ', '  // note\n']) {
      const edited = text.replace('}}expect', `}}${typed}expect`);
      const inc = new IncrementalRun({ atEditOnly: true });
      runText(inc, text);
      assert.strictEqual(JSON.stringify(runText(inc, edited)), JSON.stringify(runText(undefined, edited)), JSON.stringify(typed));
    }
    // typed after a space, the offset is only an end: the result is reused
    const spaced = text.replace('}}expect', '}} expect');
    const inc = new IncrementalRun({ atEditOnly: true });
    runText(inc, spaced);
    const edited = spaced.replace('}} expect', '}}  expect');
    assert.strictEqual(JSON.stringify(runText(inc, edited)), JSON.stringify(runText(undefined, edited)));
    assert.strictEqual(inc.last?.from, 'shifted');
  });

  it('a wrong shift (one more statement execution) is caught on the first reuse', () => {
    const samples = sampleFiles();
    let caught = 0;
    for (let k = 0; k < 20; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      spec.incremental = { ...spec.incremental, copies: false, corruptShift: (r) => void (r.executed += 1) };
      const o = runSequence(spec, triviaEdit);
      if (o.mismatch) caught++;
      else assert.strictEqual(o.shifted, 0, `sequence ${k}: a corrupted reuse went unnoticed`);
    }
    assert.ok(caught > 10, `${caught} of 20 sequences caught`);
  });
});
