import * as assert from 'assert';
import { analyzeStatic, designFor, runProgram, workspaceDesigns } from '../../server/src/analysis/analyze';
import { IncrementalOptions, IncrementalRun } from '../../server/src/run/incremental';
import { RECENT_TEXT_CHARS, RECENT_VERSIONS } from '../../server/src/common/recentTexts';
import { RunResult } from '../../server/src/mm/result';
import { prng } from '../../server/src/mm/machine';
import { DESIGNS } from '../../server/src/vocab/designs';
import { longScenario, mismatchMessage, randomEdit, runSequence, sampleFiles, sequenceSpec } from './editSequences';
import { randomProgram } from './randomPrograms';

/**
 * ADR 0039: a text an earlier run ran (an undo, a typo put right, a redo) is answered with that
 * run's result. The answers must be a run's from scratch, and the copies kept through
 * it must stay usable only where they are right.
 */

const whole = (r: RunResult): string => JSON.stringify(r);

/** a session's result for `text` and a run's from scratch (with `workspace`: a workspace's designs text) */
function both(inc: IncrementalRun, text: string, opts: { design?: string; workspace?: string; cancel?: boolean } = {}): { got: RunResult; want: RunResult } {
  const stat = analyzeStatic(text, opts.workspace === undefined ? {} : { workspace: workspaceDesigns(opts.workspace) });
  const design = designFor(stat, opts.design as never);
  const got = runProgram(stat.program, stat.diagnostics, { design, ...(opts.cancel ? { isCancelled: () => true } : {}) }, inc, text);
  return { got, want: runProgram(stat.program, stat.diagnostics, { design }) };
}

/** the long scenario with a digit typed into the size of the mapping of task `t` (4M -> 42M) */
function typed(base: string, t: number, digit = '2'): string {
  const at = base.indexOf('a = mmap(4M)', base.indexOf(`task t${t} `)) + 'a = mmap(4'.length;
  return base.slice(0, at) + digit + base.slice(at);
}

/**
 * Random edits (editSequences.ts randomEdit), and now and then an undo (a text one to five versions
 * back, as VS Code's undo of a group of keystrokes) or a redo (an undo undone): a fresh function per
 * sequence, it keeps the history
 */
function undoingEdits(): (text: string, r: () => number) => string {
  const history: string[] = [];
  return (text, r) => {
    history.push(text);
    const x = r();
    const back = 2 + Math.floor(r() * 4);
    if (history.length >= back && x < 0.35) return history[history.length - back];
    return randomEdit(text, r);
  };
}

describe('incremental runs: an earlier text is answered with its run (ADR 0039)', () => {
  it('undo and redo among random edits of every sample, under every copy policy and run options of the edit sequences: every answer a run\'s', () => {
    const samples = sampleFiles();
    let again = 0;
    for (let k = 0; k < samples.length; k++) {
      const spec = sequenceSpec(k, samples, 16);
      const out = runSequence(spec, undoingEdits());
      if (out.mismatch) assert.fail(mismatchMessage(`${spec.sample} seed ${spec.seed}`, out.mismatch));
      again += out.again;
    }
    // about a third of the edits go back (fewer where the run before was cut: its result is not kept)
    assert.ok(again >= samples.length * 3, `${again} answered again`);
  });

  it('random programs (randomPrograms.ts; 1,000 in the campaign), random edits with undos and redos, each under one of the designs in turn: every result a run\'s', () => {
    const programs = Number(process.env.MMLAB_RANDOM_PROGRAMS ?? 40);
    let again = 0;
    for (let k = 0; k < programs; k++) {
      const r = prng(0x0d0a9a00 + k);
      const design = DESIGNS[k % DESIGNS.length];
      const inc = new IncrementalRun([{ atEditOnly: true }, {}, { copies: false }][k % 3]);
      const edit = undoingEdits();
      let text = randomProgram(r);
      both(inc, text, { design });
      for (let j = 0; j < 12; j++) {
        text = edit(text, r);
        const { got, want } = both(inc, text, { design });
        if (inc.last?.from === 'again') again++;
        assert.strictEqual(whole(got), whole(want), `program ${k} under ${design}, edit ${j} (${inc.last?.from}):\n${text}`);
      }
    }
    assert.ok(again >= programs, `${again} answered again`);
  });

  it('a digit typed into a size and removed at places through a long scenario: each removal is the result of the earlier run, the same object, a run\'s', () => {
    const base = longScenario(60);
    const inc = new IncrementalRun({ atEditOnly: true });
    const first = both(inc, base).got;
    let before = first;
    for (const t of [50, 7, 31, 58, 2]) {
      const { got: edited, want: wantEdited } = both(inc, typed(base, t));
      assert.notStrictEqual(inc.last?.from, 'again');
      assert.strictEqual(whole(edited), whole(wantEdited));
      const { got, want } = both(inc, base);
      assert.strictEqual(inc.last?.from, 'again', `task ${t}`);
      assert.strictEqual(got, before, `task ${t}: the result kept`);
      assert.strictEqual(inc.last?.executed, inc.last?.reused);
      assert.strictEqual(whole(got), whole(want), `task ${t}`);
      before = got;
    }
    // a redo: the typed version again, after its removal
    both(inc, typed(base, 9));
    const redone = both(inc, base).got;
    assert.strictEqual(inc.last?.from, 'again');
    const { got, want } = both(inc, typed(base, 9));
    assert.strictEqual(inc.last?.from, 'again', 'redo');
    assert.notStrictEqual(got, redone);
    assert.strictEqual(whole(got), whole(want));
  });

  it('an undo of several keystrokes at once (a size typed a digit at a time, then undone): the text four versions back answered again; no more than RECENT_VERSIONS kept', () => {
    const base = longScenario(60);
    const inc = new IncrementalRun({ atEditOnly: true });
    const first = both(inc, base).got;
    const at = base.indexOf('a = mmap(4M)', base.indexOf('task t30 ')) + 'a = mmap(4'.length;
    for (const digits of ['1', '12', '123']) both(inc, base.slice(0, at) + digits + base.slice(at));
    const { got, want } = both(inc, base);
    assert.strictEqual(inc.last?.from, 'again');
    assert.strictEqual(got, first);
    assert.strictEqual(whole(got), whole(want));
    // RECENT_VERSIONS + 1 other texts later, the first is no longer kept
    for (let k = 0; k <= RECENT_VERSIONS; k++) both(inc, base.slice(0, at) + String(k + 1) + '0' + base.slice(at));
    const late = both(inc, base);
    assert.notStrictEqual(inc.last?.from, 'again');
    assert.strictEqual(whole(late.got), whole(late.want));
  });

  it('a long document keeps one earlier version (RECENT_TEXT_CHARS): the text before last answered again, the one before it run', () => {
    const base = longScenario(700);
    assert.ok(base.length > RECENT_TEXT_CHARS / 2, `${base.length} characters`);
    const inc = new IncrementalRun({ atEditOnly: true });
    both(inc, base);
    both(inc, typed(base, 600));
    both(inc, base);
    assert.strictEqual(inc.last?.from, 'again', 'the text before last');
    both(inc, typed(base, 650));
    both(inc, typed(base, 660));
    const { got, want } = both(inc, typed(base, 650));
    assert.strictEqual(inc.last?.from, 'again');
    assert.strictEqual(whole(got), whole(want));
    const old = both(inc, base);
    assert.notStrictEqual(inc.last?.from, 'again', 'three versions back: not kept of a long document');
    assert.strictEqual(whole(old.got), whole(old.want));
  });

  it('turned off (earlier: false), the same removals run again and give the same results', () => {
    const base = longScenario(30);
    const on = new IncrementalRun({ atEditOnly: true });
    const off = new IncrementalRun({ atEditOnly: true, earlier: false } as IncrementalOptions);
    both(on, base);
    both(off, base);
    for (const t of [20, 3]) {
      for (const text of [typed(base, t), base]) {
        const a = both(on, text).got;
        const b = both(off, text).got;
        assert.notStrictEqual(off.last?.from, 'again');
        assert.strictEqual(whole(a), whole(b));
      }
      assert.strictEqual(on.last?.from, 'again');
      assert.ok(off.last!.executed > off.last!.reused, 'the session without it ran statements');
    }
  });

  it('after a text answered again, typing on at the same place resumes from the copy at the edit (kept through it), and the result is a run\'s', () => {
    const base = longScenario(60);
    const inc = new IncrementalRun({ atEditOnly: true });
    both(inc, base);
    both(inc, typed(base, 40));
    both(inc, base);
    assert.strictEqual(inc.last?.from, 'again');
    assert.ok(inc.last!.snapshots >= 1, 'the copy at the edit kept');
    const { got, want } = both(inc, typed(base, 40, '8'));
    assert.strictEqual(inc.last?.from, 'snapshot');
    assert.ok(inc.last!.reused > inc.last!.executed / 2, `resumed near the edit: ${JSON.stringify(inc.last)}`);
    assert.strictEqual(whole(got), whole(want));
    // and an edit before the copy's place: the copy is not used, the result still a run's
    const early = both(inc, typed(base, 1, '8'));
    assert.strictEqual(whole(early.got), whole(early.want));
  });

  it('not answered again: the same text under another design, or lowered to another program by other workspace designs', () => {
    const base = 'design mine\nnode 0 dram 4G cpus 0-3\nnode 1 cxl 4G private ops MIGRATION | MEMPOLICY\ntask t cpu 0 {\n  a = mmap(4M)\n  touch(a)\n  expect pages(a, 0) == 100%\n}\n';
    const edited = base.replace('mmap(4M)', 'mmap(8M)');
    const w1 = 'design mine extends private_v4 {\n}\n';
    const w2 = 'design mine extends private_soft {\n}\n';
    let inc = new IncrementalRun({ atEditOnly: true });
    both(inc, base, { workspace: w1 });
    both(inc, edited, { workspace: w1 });
    const other = both(inc, base, { workspace: w2 });
    assert.notStrictEqual(inc.last?.from, 'again');
    assert.strictEqual(whole(other.got), whole(other.want));
    const plain = base.replace('design mine\n', '');
    inc = new IncrementalRun({ atEditOnly: true });
    both(inc, plain, { design: 'private_v4' });
    both(inc, plain.replace('mmap(4M)', 'mmap(8M)'), { design: 'private_v4' });
    const d = both(inc, plain, { design: 'private_soft' });
    assert.notStrictEqual(inc.last?.from, 'again');
    assert.strictEqual(whole(d.got), whole(d.want));
  });

  it('a run cancelled between: the run before it answers its text; a cancelled run\'s text is never answered again', () => {
    const base = longScenario(20);
    const inc = new IncrementalRun({ atEditOnly: true });
    const first = both(inc, base).got;
    const cut = both(inc, typed(base, 10), { cancel: true }).got;
    assert.strictEqual(cut.cut?.reason, 'cancelled');
    const { got, want } = both(inc, base);
    assert.strictEqual(inc.last?.from, 'again');
    assert.strictEqual(got, first);
    assert.strictEqual(whole(got), whole(want));
    // the cancelled text, twice on: run, not answered from the cut run
    both(inc, typed(base, 3));
    const again = both(inc, typed(base, 10));
    assert.notStrictEqual(inc.last?.from, 'again');
    assert.strictEqual(whole(again.got), whole(again.want));
  });

  it('random undo sequences on the long scenario (copies every few hundred executions, and at the edit only): every result a run\'s', () => {
    for (const opts of [{ atEditOnly: true }, {}, { copies: false }] as IncrementalOptions[]) {
      const r = prng(0xa9a1 + (opts.atEditOnly ? 1 : opts.copies === false ? 2 : 3));
      const inc = new IncrementalRun(opts);
      const history = [longScenario(40)];
      both(inc, history[0]);
      let again = 0;
      for (let i = 0; i < 30; i++) {
        const x = r();
        const back = 2 + Math.floor(r() * 4);
        const text = history.length >= back && x < 0.4 ? history[history.length - back] : typed(history[history.length - 1].replace(/mmap\(4\dM\)/g, 'mmap(4M)'), Math.floor(r() * 40), String(1 + Math.floor(r() * 9)));
        history.push(text);
        const { got, want } = both(inc, text);
        if (inc.last?.from === 'again') again++;
        assert.strictEqual(whole(got), whole(want), `${JSON.stringify(opts)} step ${i} (${inc.last?.from})`);
      }
      assert.ok(again >= 5, `${JSON.stringify(opts)}: ${again} answered again`);
    }
  });
});
