import * as assert from 'assert';
import { IncrementalRun } from '../../server/src/run/incremental';
import { prng } from '../../server/src/mm/machine';
import { mismatchMessage, runSequence, runText, sampleFiles, sequenceSpec, typingEdits } from './editSequences';

/**
 * Typing at one place (editSequences.ts typingEdits: statements typed a character a step, blanks,
 * characters removed) with the language server's copies (one at the edit): every step's answers
 * equal a run from scratch's. A statement half typed (an error line) changes nothing a run sees: the
 * last result is reused, its executions counted again (ADR 0034); a change right after a reused
 * result resumes from the copy at the edit, which the reuse keeps, instead of running from scratch.
 */
const SEQUENCES = Number(process.env.MMLAB_TYPING_SEQUENCES ?? 120);
const EDITS = 12;

describe('incremental runs: typing at one place', () => {
  const samples = sampleFiles();
  let resumedAfterShift = 0;
  let shifted = 0;
  let inert = 0;
  it(`${SEQUENCES} sequences of ${EDITS} keystrokes over the ${samples.length} samples, the server's copies`, () => {
    for (let k = 0; k < SEQUENCES; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      spec.incremental = { atEditOnly: true };
      const o = runSequence(spec, typingEdits());
      resumedAfterShift += o.resumedAfterShift;
      shifted += o.shifted;
      inert += o.inert;
      if (o.mismatch) assert.fail(mismatchMessage(`sequence ${k} (${spec.sample})`, o.mismatch));
    }
  });
  it('blanks and statements half typed were reused, and the change after a reuse resumed from the copy at the edit (the comparison is not vacuous)', function () {
    if (SEQUENCES < 50) this.skip();
    assert.ok(shifted >= SEQUENCES / 2, `${shifted} results reused after blanks`);
    assert.ok(inert >= SEQUENCES, `${inert} results reused after a statement half typed`);
    assert.ok(resumedAfterShift >= SEQUENCES / 4, `${resumedAfterShift} resumed right after a reuse`);
  });

  it('a reused result with its executions miscounted is caught (the comparison reads the count)', () => {
    let caught = 0;
    for (let k = 0; k < 30; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      spec.incremental = { atEditOnly: true, corruptShift: (r) => void (r.executed += 1) };
      const o = runSequence(spec, typingEdits());
      if (o.mismatch) caught++;
      else assert.strictEqual(o.shifted + o.inert, 0, `sequence ${k}: a miscounted reuse went unnoticed`);
    }
    assert.ok(caught > 15, `${caught} of 30 sequences caught`);
  });

  it('a statement half typed at the end of a block followed by a top-level expectation runs (that expectation reads the block\'s last outcome)', () => {
    for (const after of ['expect diagnostic syntax\n', 'task u {\n  b = mmap(4K)\n}\n']) {
      const head = 'node 0 dram 4G cpus 0-3\ntask t {\n  a = mmap(4M)\n  touch(a)\n';
      const inc = new IncrementalRun({ atEditOnly: true });
      const froms: string[] = [];
      for (const typed of ['', '  t', '  to', '  tou']) {
        const text = `${head}${typed}${typed ? '\n' : ''}}\n${after}`;
        const r = runText(inc, text);
        froms.push(inc.last!.from);
        assert.strictEqual(JSON.stringify(r), JSON.stringify(runText(undefined, text)), `${JSON.stringify(typed)} before ${JSON.stringify(after)}`);
      }
      if (after.startsWith('expect')) assert.ok(!froms.includes('inert'), `reused before a top-level expectation: ${froms.join(', ')}`);
      else assert.deepStrictEqual(froms.slice(2), ['inert', 'inert']);
    }
  });

  it('a statement half typed runs when an expectation naming no subject reads the latest outcome after it (first in the next block, or in a loop\'s body)', () => {
    const task = 'node 0 dram 4G cpus 0-3\ntask t {\n  a = mmap(4M)\n  touch(a)\n';
    const cases: [string, string, boolean][] = [
      [task, '}\ntask u {\n  expect ok\n  b = mmap(4K)\n}\n', false],
      [task, '}\nkernel "k" {\n  for_each_node(n) {\n    expect ok\n  }\n}\n', false],
      ['node 0 dram 4G cpus 0-3\nkernel "k" {\n  p = alloc_pages_node(0, GFP_KERNEL, 0)\n', '  repeat 2 {\n    expect ok\n    q = alloc_pages_node(0, GFP_KERNEL, 0)\n  }\n}\n', false],
      [task, '}\ntask u {\n  b = mmap(4K)\n  expect ok\n}\n', true],
    ];
    for (const [head, after, reused] of cases) {
      const inc = new IncrementalRun({ atEditOnly: true });
      const froms: string[] = [];
      for (const typed of ['', '  t', '  to', '  tou']) {
        const text = `${head}${typed}${typed ? '\n' : ''}${after}`;
        const r = runText(inc, text);
        froms.push(inc.last!.from);
        assert.strictEqual(JSON.stringify(r), JSON.stringify(runText(undefined, text)), `${JSON.stringify(typed)} before ${JSON.stringify(after)}`);
      }
      assert.strictEqual(froms.slice(2).every((f) => f === 'inert'), reused, `${froms.join(', ')} before ${JSON.stringify(after)}`);
    }
  });

  it('random blocks with expectations first, after loops and at top level, declarations after them, typed into at random lines (blanks too): every result a run\'s', () => {
    const pieces = ['  expect ok', '  a = mmap(4M)', '  touch(a)', '  for_each_node(n) {\n    expect ok\n  }', '  repeat 2 {\n    expect ok\n    touch(a)\n  }', '  expect diagnostic syntax', '  zz', '  b = mmap(64K)', '  expect no leak'];
    let inert = 0;
    let steps = 0;
    for (let k = 0; k < 200; k++) {
      const r = prng(0x7e57 + k);
      const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
      const blocks: string[] = ['node 0 dram 4G cpus 0-3'];
      for (let b = 0; b < 3; b++) {
        const body = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(pieces));
        blocks.push(`task t${b} {\n${body.join('\n')}\n}`);
        if (r() < 0.3) blocks.push(pick(['expect ok', 'expect diagnostic syntax', 'expect no leak']));
      }
      // a declaration after the blocks now and then: its position moves with every keystroke (no copy may be kept then)
      if (r() < 0.4) blocks.push(pick(['node 1 dram 1G cpus 4-7', 'node 1 cxl 1G private ops MIGRATION', 'sysctl vm.demotion_enabled = 1']));
      let text = blocks.join('\n') + '\n';
      const inc = new IncrementalRun({ atEditOnly: true });
      runText(inc, text);
      // a line opened inside a block, then characters typed and removed there
      const lines = text.split('\n');
      const inBlock = lines.map((l, i) => (l.startsWith('  ') ? i : -1)).filter((i) => i >= 0);
      const line = pick(inBlock);
      let at = lines.slice(0, line + 1).join('\n').length;
      text = `${text.slice(0, at)}\n  ${text.slice(at)}`;
      at += 3;
      for (let step = 0; step < 8; step++) {
        if (r() < 0.2 && text[at - 1] !== ' ') text = text.slice(0, --at) + text.slice(at + 1);
        else {
          const c = pick(['t', 'o', 'x', '(', 'a', ' ', ' ', '\n  ']);
          text = text.slice(0, at) + c + text.slice(at);
          at += c.length;
        }
        const got = JSON.stringify(runText(inc, text));
        if (inc.last!.from === 'inert') inert++;
        steps++;
        assert.strictEqual(got, JSON.stringify(runText(undefined, text)), `program ${k}, step ${step} (${inc.last!.from}):\n${text}`);
      }
    }
    assert.ok(inert > steps / 8, `${inert} of ${steps} steps reused as inert`);
  });

  it('without the reuse of inert edits, the same answers (the reuse changes nothing but the work)', () => {
    for (let k = 0; k < 40; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      spec.incremental = { atEditOnly: true, inertReuse: false };
      const o = runSequence(spec, typingEdits());
      assert.strictEqual(o.inert, 0);
      if (o.mismatch) assert.fail(mismatchMessage(`sequence ${k} (${spec.sample})`, o.mismatch));
    }
  });
});
