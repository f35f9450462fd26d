import * as assert from 'assert';
import { runSequence, sampleFiles, sequenceSpec, triviaEdit } from './editSequences';

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
        if (o.mismatch) {
          const { full, incremental, step, text } = o.mismatch;
          let i = 0;
          while (full[i] === incremental[i]) i++;
          assert.fail(`sequence ${k} (${spec.sample}), step ${step}: answers differ at ${i}\nfull:        …${full.slice(Math.max(0, i - 200), i + 200)}\nincremental: …${incremental.slice(Math.max(0, i - 200), i + 200)}\ntext:\n${text}`);
        }
      }
    });
  }
  it('most edits reused the result (the comparison is not vacuous)', function () {
    if (SEQUENCES < 50) this.skip();
    const edits = steps - 2 * SEQUENCES;
    assert.ok(shifted >= 0.4 * edits, `${shifted} of ${edits} edits reused the last result`);
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
